declare module 'virtual:kuroshio-scenarios' {
  const scenarios: import('../engine/scenario/schema.ts').ScenarioData[];
  export default scenarios;
}

declare module 'milsymbol-core' {
  export const ms: {
    Symbol: new (sidc: string, options: Record<string, unknown>) => { asCanvas(factor?: number): HTMLCanvasElement };
    addIcons(icons: unknown): void;
  };
  export const std2525c: unknown;
}
