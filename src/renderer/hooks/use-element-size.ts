import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { cssZoomOf } from './css-zoom';

export interface ElementSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The size of an element, kept current as the layout changes. Drawings (the wait-for graph) lay out to
 * real pixels so their text stays the size of the rest of the page instead of scaling with a viewBox.
 */
export function useElementSize<T extends HTMLElement>(): [RefObject<T | null>, ElementSize] {
  const ref = useRef<T>(null);
  const [size, setSize] = useState<ElementSize>({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const measure = () => {
      // In layout pixels: inside presentation mode's zoom, the drawing sized by this is zoomed too.
      const zoom = cssZoomOf(element);
      const bounds = element.getBoundingClientRect();
      const [width, height] = [bounds.width / zoom, bounds.height / zoom];
      setSize((current) => (current.width === Math.round(width) && current.height === Math.round(height) ? current : { width: Math.round(width), height: Math.round(height) }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}
