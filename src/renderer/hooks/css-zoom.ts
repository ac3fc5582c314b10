/**
 * The CSS zoom in force on an element, its ancestors' included (presentation mode zooms its panels):
 * getBoundingClientRect measures zoomed pixels, while a drawing sized in px is zoomed again, so a measure
 * used to size one is divided by this. 1 where the browser does not say (`currentCSSZoom`, Chromium 128+).
 */
export function cssZoomOf(element: Element): number {
  const zoom = (element as Element & { readonly currentCSSZoom?: unknown }).currentCSSZoom;
  return typeof zoom === 'number' && zoom > 0 ? zoom : 1;
}
