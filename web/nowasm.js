// Switchboard's pages run as WebAssembly. In a browser without it (too old,
// or with WebAssembly turned off by policy) go-app's loader would spin for
// ever; this says plainly why the page cannot start instead. The text comes
// from the message catalog, in the meta tag the server writes.
(() => {
  if (typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function') return;
  const label = document.getElementById('app-wasm-loader-label');
  const text = document.querySelector('meta[name="switchboard-nowasm"]');
  if (!label || !text) return;
  document.getElementById('app-wasm-loader-icon')?.classList.remove('goapp-spin');
  label.textContent = text.content;
  label.setAttribute('role', 'alert');
})();
