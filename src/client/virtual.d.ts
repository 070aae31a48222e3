declare module 'virtual:kuroshio-scenarios' {
  /** What the start screen needs of each scenario; `load` fetches the full, validated data. */
  export interface ScenarioEntry {
    id: string;
    title: string;
    summary: string;
    roles: { id: string; name: string; briefing: string }[];
    arrangements: Record<'legacy' | 'upgraded' | 'jtf' | 'combined', { name: string; summary: string }>;
    sharing: { hub: string; direct: string };
    load(): Promise<import('../engine/scenario/schema.ts').ScenarioData>;
  }
  const scenarios: ScenarioEntry[];
  export default scenarios;
}

declare module 'milsymbol-core' {
  export const ms: {
    Symbol: new (sidc: string, options: Record<string, unknown>) => { asCanvas(factor?: number): HTMLCanvasElement };
    addIcons(icons: unknown): void;
  };
  export const std2525c: unknown;
}
