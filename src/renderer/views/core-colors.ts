/** One colour per core, distinct on a dark background and on a projector; the total is white and thicker. */
const CORE_COLORS = ['#38bdf8', '#f472b6', '#a3e635', '#fbbf24', '#c084fc', '#fb923c', '#2dd4bf', '#f87171'] as const;

export const TOTAL_COLOR = '#f8fafc';

export function coreColor(index: number): string {
  return CORE_COLORS[index % CORE_COLORS.length] ?? TOTAL_COLOR;
}
