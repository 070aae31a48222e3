// Browser entry. The client is built out in its own issue; this renders the title so the
// build and serve path can be checked end to end.
const app = document.getElementById('app');
if (app) app.textContent = 'Kuroshio';
