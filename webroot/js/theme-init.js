// Runs before first paint (classic script in <head>) so the page never flashes the wrong theme:
// the stored choice, else the OS preference. app.js takes over from here.
(function () {
  var t = null;
  try { t = JSON.parse(localStorage.getItem('pulse.theme')); } catch (e) { /* storage disabled or garbage */ }
  if (t !== 'dark' && t !== 'light') t = matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
  document.documentElement.dataset.theme = t;
})();
