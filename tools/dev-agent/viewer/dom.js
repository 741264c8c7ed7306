// @ts-check
/**
 * The only way the viewer builds DOM. Span data is untrusted input, so text always goes in as
 * text nodes and attribute values through setAttribute; nothing is ever parsed as HTML.
 */

/** @typedef {string | number | Node | null | undefined | false} Child */
/** @typedef {Child | Child[]} Children */

/**
 * @typedef {object} Props
 * @property {string} [class]
 * @property {Record<string, string>} [data] `data-*` attributes
 * @property {Record<string, string>} [attrs] other attributes
 * @property {Record<string, string>} [style] CSS properties (custom properties included)
 * @property {string} [title]
 * @property {(event: Event) => void} [onClick]
 */

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props | null} [props]
 * @param {...Children} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  if (props) {
    if (props.class) element.className = props.class;
    if (props.title !== undefined) element.title = props.title;
    for (const [key, value] of Object.entries(props.data ?? {})) element.dataset[key] = value;
    for (const [key, value] of Object.entries(props.attrs ?? {})) element.setAttribute(key, value);
    for (const [key, value] of Object.entries(props.style ?? {})) element.style.setProperty(key, value);
    if (props.onClick) element.addEventListener('click', props.onClick);
  }
  append(element, children);
  return element;
}

/**
 * @param {Element} parent
 * @param {Children[]} children
 */
export function append(parent, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces an element's content.
 * @param {Element} parent
 * @param {...Children} children
 */
export function replace(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * A two-column key/value table, keys sorted unless `sorted` is false.
 * @param {Record<string, unknown>} entries
 * @param {{ rowClass?: (key: string) => string, sorted?: boolean }} [options]
 */
export function keyValueTable(entries, { rowClass = () => '', sorted = true } = {}) {
  const keys = sorted ? Object.keys(entries).sort() : Object.keys(entries);
  if (keys.length === 0) return h('p', { class: 'muted' }, 'none');
  return h(
    'table',
    { class: 'kv' },
    h('tbody', null, keys.map((key) => h('tr', { class: rowClass(key) }, h('th', null, key), h('td', null, formatValue(entries[key]))))),
  );
}

/** @param {unknown} value */
function formatValue(value) {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/**
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`viewer page lacks #${id}`);
  return element;
}
