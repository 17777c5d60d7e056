// Drawing at most once a frame, however many points arrive in it.

/** A function that runs `fn` on the next animation frame, once, however often it is called before then. */
export function oncePerFrame(fn, raf = (cb) => requestAnimationFrame(cb)) {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    raf(() => {
      queued = false;
      fn();
    });
  };
}
