/* Draw the chapter's explorers (crmlab.viz.explorers) from the book's own files.
 *
 * Each explorer is a <div class="crm-explorer"> holding its Vega-Lite spec
 * as JSON. When one comes near the viewport, this script loads vega,
 * vega-lite and vega-embed from _static/vendor/ (once per page) and draws
 * it; a page is never slowed by an explorer the reader does not reach. The
 * drawn box gets data-state="ready" and its Vega view as box.crmView (the
 * browser test reads it); on failure, data-state="failed" and a message.
 * In print the explorer is hidden: the chapter shows its default state as a
 * static figure just before it.
 */
(() => {
  const boxes = [...document.querySelectorAll('.crm-explorer')];
  if (!boxes.length) return;
  const vendor = new URL(document.documentElement.dataset.content_root
    + '_static/vendor/', document.baseURI).href;
  const LIBRARIES = ['vega/vega.min.js', 'vega-lite/vega-lite.min.js',
    'vega-embed/vega-embed.min.js'];

  const style = document.createElement('style');
  style.textContent = `
    .crm-explorer { margin: 1em 0; min-height: 320px; overflow-x: auto; }
    .crm-explorer .vega-bindings { display: flex; flex-wrap: wrap; gap: 0.2em 1.5em;
      margin-top: 0.6em; font-size: 0.9em; }
    .crm-explorer .vega-bind-name { display: inline-block; min-width: 7em; }
    .crm-explorer input[type=range] { vertical-align: middle; width: 180px; }
    .crm-explorer-failed { color: #D55E00; }
    @media print { .crm-explorer { display: none; } }`;
  document.head.appendChild(style);

  function load(path) {
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = vendor + path;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`could not load ${script.src}`));
      document.head.appendChild(script);
    });
  }

  let libraries = null;
  function loadLibraries() {
    if (!libraries) {
      // The UMD bundles define globals only when no AMD loader is on the page.
      const amd = window.define;
      window.define = undefined;
      libraries = LIBRARIES.reduce((done, path) => done.then(() => load(path)),
        Promise.resolve()).finally(() => { window.define = amd; });
    }
    return libraries;
  }

  async function draw(box) {
    if (box.dataset.state) return;
    box.dataset.state = 'loading';
    try {
      const spec = JSON.parse(box.querySelector('script.crm-explorer-spec').textContent);
      await loadLibraries();
      const target = document.createElement('div');
      box.appendChild(target);
      const result = await window.vegaEmbed(target, spec,
        { actions: false, renderer: 'svg', tooltip: true });
      box.crmView = result.view;
      box.querySelector('.crm-explorer-wait')?.remove();
      box.dataset.state = 'ready';
    } catch (error) {
      box.dataset.state = 'failed';
      const wait = box.querySelector('.crm-explorer-wait');
      if (wait) {
        wait.className = 'crm-explorer-failed';
        wait.textContent = `The explorer could not be drawn: ${error.message}`;
      }
      console.error(error);
    }
  }

  if (!('IntersectionObserver' in window)) {
    boxes.forEach(draw);
    return;
  }
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        draw(entry.target);
      }
    }
  }, { rootMargin: '400px 0px' });
  boxes.forEach((box) => observer.observe(box));
})();
