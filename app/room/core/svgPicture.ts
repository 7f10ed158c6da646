/**
 * The canvas as real vectors: every box, line and word React Flow has on the page, written as SVG
 * rects, paths and text in the flow's own coordinates. No foreignObject and no copy of the page's
 * HTML, so the file is small, opens in any SVG editor, and a PNG drawn from it matches the canvas.
 */

/** Flow coordinates of a point on the screen, and the flow scale of the canvas as the page shows it. */
interface ScreenToFlow {
  x: (screenX: number) => number;
  y: (screenY: number) => number;
  zoom: number;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const num = (n: number) => String(Math.round(n * 100) / 100);

/** A colour that paints: not transparent, not fully see-through. */
function paints(color: string): boolean {
  if (!color || color === "transparent" || color === "none") return false;
  const alpha = /rgba?\([^)]*,\s*([\d.]+)\s*\)$/.exec(color) ?? /\/\s*([\d.]+)\s*\)$/.exec(color);
  return !alpha || Number(alpha[1]) > 0;
}

function visible(style: CSSStyleDeclaration): boolean {
  return style.display !== "none" && style.visibility !== "hidden" && Number(style.opacity) > 0;
}

/** An HTML element's own paint: its background and its border, as one rect or one line per side. */
function boxOf(el: HTMLElement, style: CSSStyleDeclaration, f: ScreenToFlow): string {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return "";
  const x = f.x(r.left);
  const y = f.y(r.top);
  const w = r.width / f.zoom;
  const h = r.height / f.zoom;
  const rx = Number.parseFloat(style.borderTopLeftRadius) || 0;
  const sides = (["Top", "Right", "Bottom", "Left"] as const).map((s) => ({
    w: Number.parseFloat(style.getPropertyValue(`border-${s.toLowerCase()}-width`)) || 0,
    c: style.getPropertyValue(`border-${s.toLowerCase()}-color`),
    dash: style.getPropertyValue(`border-${s.toLowerCase()}-style`),
  }));
  const drawn = sides.filter((s) => s.w > 0 && paints(s.c) && s.dash !== "none" && s.dash !== "hidden");
  const even = drawn.length === 4 && drawn.every((s) => s.w === drawn[0]?.w && s.c === drawn[0]?.c);
  const bg = style.backgroundColor;
  const out: string[] = [];
  const radius = rx > 0 ? ` rx="${num(Math.min(rx, w / 2, h / 2))}"` : "";
  if (paints(bg) || even) {
    const first = drawn[0];
    const stroke =
      even && first ? ` stroke="${first.c}" stroke-width="${num(first.w)}"${first.dash === "dashed" ? ` stroke-dasharray="${num(first.w * 3)}"` : ""}` : "";
    // The stroke is centred on the rect's edge; CSS draws the border inside the box.
    const inset = even && first ? first.w / 2 : 0;
    out.push(
      `<rect x="${num(x + inset)}" y="${num(y + inset)}" width="${num(w - 2 * inset)}" height="${num(h - 2 * inset)}"${radius} fill="${paints(bg) ? bg : "none"}"${stroke}/>`,
    );
  }
  if (!even) {
    const lines: [number, number, number, number][] = [
      [x, y, x + w, y],
      [x + w, y, x + w, y + h],
      [x, y + h, x + w, y + h],
      [x, y, x, y + h],
    ];
    sides.forEach((s, i) => {
      const l = lines[i];
      if (l && s.w > 0 && paints(s.c) && s.dash !== "none")
        out.push(`<line x1="${num(l[0])}" y1="${num(l[1])}" x2="${num(l[2])}" y2="${num(l[3])}" stroke="${s.c}" stroke-width="${num(s.w)}"/>`);
    });
  }
  return out.join("");
}

function fontOf(style: CSSStyleDeclaration): string {
  return `font-family="${esc(style.fontFamily)}" font-size="${style.fontSize}" font-weight="${style.fontWeight}"${style.fontStyle === "italic" ? ' font-style="italic"' : ""} fill="${style.color}"`;
}

/** A run of text as the page lays it out: one <text> per line it wraps onto, word by word. */
function textOf(node: Text, style: CSSStyleDeclaration, f: ScreenToFlow): string {
  const text = node.data;
  const range = document.createRange();
  const lines: { x: number; top: number; bottom: number; words: string[] }[] = [];
  for (const m of text.matchAll(/\S+/g)) {
    range.setStart(node, m.index);
    range.setEnd(node, m.index + m[0].length);
    const r = range.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const last = lines.at(-1);
    if (last && Math.abs(last.top - r.top) < r.height / 2) last.words.push(m[0]);
    else lines.push({ x: r.left, top: r.top, bottom: r.bottom, words: [m[0]] });
  }
  const font = fontOf(style);
  const cased = (t: string) => (style.textTransform === "uppercase" ? t.toUpperCase() : style.textTransform === "lowercase" ? t.toLowerCase() : t);
  return lines
    .map(
      (l) =>
        `<text x="${num(f.x(l.x))}" y="${num(f.y((l.top + l.bottom) / 2))}" dominant-baseline="central" ${font} xml:space="preserve">${esc(cased(l.words.join(" ")))}</text>`,
    )
    .join("");
}

/** An SVG element of the canvas (edges, their labels), with the transform that puts it in flow space. */
function svgShapeOf(el: SVGGraphicsElement, origin: DOMMatrix): string {
  const style = getComputedStyle(el);
  const ctm = el.getScreenCTM();
  if (!ctm || !visible(style)) return "";
  const m = origin.multiply(ctm);
  const t = `transform="matrix(${[m.a, m.b, m.c, m.d, m.e, m.f].map(num).join(" ")})"`;
  const fill = paints(style.fill) ? style.fill : "none";
  const stroke = paints(style.stroke) && style.strokeWidth !== "0px" ? ` stroke="${style.stroke}" stroke-width="${style.strokeWidth}"` : "";
  const dash = style.strokeDasharray && style.strokeDasharray !== "none" ? ` stroke-dasharray="${style.strokeDasharray}"` : "";
  if (fill === "none" && !stroke && el.tagName.toLowerCase() !== "text") return "";
  const paint = `fill="${fill}"${stroke}${dash}${Number(style.opacity) < 1 ? ` opacity="${style.opacity}"` : ""}`;
  const attr = (names: string[]) =>
    names
      .map((n) => [n, el.getAttribute(n)] as const)
      .filter(([, v]) => v !== null)
      .map(([n, v]) => `${n}="${esc(v as string)}"`)
      .join(" ");
  switch (el.tagName.toLowerCase()) {
    case "path":
      return `<path ${attr(["d"])} ${t} ${paint}/>`;
    case "rect":
      return `<rect ${attr(["x", "y", "width", "height", "rx", "ry"])} ${t} ${paint}/>`;
    case "circle":
      return `<circle ${attr(["cx", "cy", "r"])} ${t} ${paint}/>`;
    case "text":
      return `<text ${attr(["x", "y", "dy", "dominant-baseline", "text-anchor"])} ${t} ${fontOf(style)}>${esc(el.textContent ?? "")}</text>`;
    default:
      return "";
  }
}

/** Paint order: the stacking layers React Flow gives nodes and edge groups, then the page's order. */
function layers(viewport: HTMLElement): Element[] {
  const items = [...viewport.querySelectorAll(".react-flow__edges svg, svg.react-flow__edges, .react-flow__node, .react-flow__edgelabel-renderer > *")];
  const z = (el: Element) => Number.parseInt(getComputedStyle(el).zIndex, 10) || 0;
  return items
    .map((el, i) => ({ el, i, z: z(el) }))
    .sort((a, b) => a.z - b.z || a.i - b.i)
    .map((x) => x.el);
}

function walk(el: Element, f: ScreenToFlow, origin: DOMMatrix, out: string[]): void {
  if (el instanceof SVGGraphicsElement && !(el instanceof SVGSVGElement)) {
    if (el.tagName.toLowerCase() === "g") for (const c of el.children) walk(c, f, origin, out);
    else out.push(svgShapeOf(el, origin));
    return;
  }
  if (el instanceof SVGSVGElement) {
    for (const c of el.children) walk(c, f, origin, out);
    return;
  }
  if (!(el instanceof HTMLElement)) return;
  const style = getComputedStyle(el);
  if (!visible(style)) return;
  out.push(boxOf(el, style, f));
  for (const c of el.childNodes) {
    if (c instanceof Text && c.data.trim()) out.push(textOf(c, style, f));
    else if (c instanceof Element) walk(c, f, origin, out);
  }
}

/**
 * The viewport's content inside `area` (flow coordinates), `width`×`height` units, as an SVG document.
 * @example svgPicture(viewportEl, toFlow, { x: -40, y: -40, width: 800, height: 600 }, "#fff")
 */
export function svgPicture(viewport: HTMLElement, f: ScreenToFlow, area: { x: number; y: number; width: number; height: number }, background: string): string {
  // Screen coordinates back to flow coordinates, for SVG content's own matrices.
  const origin = new DOMMatrix([1 / f.zoom, 0, 0, 1 / f.zoom, f.x(0), f.y(0)]);
  const out: string[] = [];
  for (const el of layers(viewport)) walk(el, f, origin, out);
  const box = [area.x, area.y, area.width, area.height].map(num).join(" ");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${box}" width="${num(area.width)}" height="${num(area.height)}">`,
    `<rect x="${num(area.x)}" y="${num(area.y)}" width="${num(area.width)}" height="${num(area.height)}" fill="${background}"/>`,
    ...out.filter(Boolean),
    "</svg>",
  ].join("\n");
}
