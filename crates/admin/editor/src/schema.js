// The document the editor edits: what the bundler's Markdown can say, no more.
// CommonMark with tables and strikethrough; a paragraph holding one titled image is a
// figure with that caption (crates/bundler/src/markdown.rs).
import { Schema } from "prosemirror-model";
import { tableNodes } from "prosemirror-tables";

const tables = tableNodes({
  tableGroup: "block",
  // A Markdown table's cell holds one line of inline text.
  cellContent: "inline*",
  cellAttributes: {},
});
// A Markdown table has one header row, and cells cannot span.
delete tables.table_cell.attrs;
delete tables.table_header.attrs;
tables.table_cell.parseDOM = [{ tag: "td" }];
tables.table_header.parseDOM = [{ tag: "th" }];
tables.table_cell.toDOM = () => ["td", 0];
tables.table_header.toDOM = () => ["th", 0];

export const schema = new Schema({
  nodes: {
    doc: { content: "block+" },
    paragraph: {
      content: "inline*",
      group: "block",
      parseDOM: [{ tag: "p" }],
      toDOM: () => ["p", 0],
    },
    heading: {
      attrs: { level: { default: 2 } },
      content: "inline*",
      group: "block",
      defining: true,
      parseDOM: [1, 2, 3, 4, 5, 6].map((level) => ({
        tag: "h" + level,
        // A pasted document's first-level headings are sections here: the article's
        // title is its own field.
        getAttrs: () => ({ level: Math.max(level, 2) }),
      })),
      toDOM: (node) => ["h" + node.attrs.level, 0],
    },
    blockquote: {
      content: "block+",
      group: "block",
      defining: true,
      parseDOM: [{ tag: "blockquote" }],
      toDOM: () => ["blockquote", 0],
    },
    horizontal_rule: {
      group: "block",
      parseDOM: [{ tag: "hr" }],
      toDOM: () => ["hr"],
    },
    code_block: {
      content: "text*",
      marks: "",
      group: "block",
      code: true,
      defining: true,
      attrs: { params: { default: "" } },
      parseDOM: [{ tag: "pre", preserveWhitespace: "full" }],
      toDOM: () => ["pre", ["code", 0]],
    },
    bullet_list: {
      content: "list_item+",
      group: "block",
      attrs: { tight: { default: true } },
      parseDOM: [{ tag: "ul" }],
      toDOM: () => ["ul", 0],
    },
    ordered_list: {
      content: "list_item+",
      group: "block",
      attrs: { order: { default: 1 }, tight: { default: true } },
      parseDOM: [
        {
          tag: "ol",
          getAttrs: (dom) => ({
            order: dom.hasAttribute("start") ? +dom.getAttribute("start") || 1 : 1,
          }),
        },
      ],
      toDOM: (node) => (node.attrs.order == 1 ? ["ol", 0] : ["ol", { start: node.attrs.order }, 0]),
    },
    list_item: {
      content: "block+",
      defining: true,
      parseDOM: [{ tag: "li" }],
      toDOM: () => ["li", 0],
    },
    // A photo with its caption, which is typed under it; `alt` describes it for those
    // who cannot see it.
    figure: {
      group: "block",
      content: "text*",
      marks: "",
      isolating: true,
      attrs: { src: {}, alt: { default: "" }, problem: { default: "" }, upload: { default: "" } },
      parseDOM: [
        {
          tag: "figure",
          contentElement: "figcaption",
          getAttrs: (dom) => {
            const img = dom.querySelector("img");
            return img ? imageAttrs(img) : false;
          },
        },
      ],
      toDOM: (node) => [
        "figure",
        ["img", { src: node.attrs.src, alt: node.attrs.alt }],
        ["figcaption", 0],
      ],
    },
    text: { group: "inline" },
    image: {
      inline: true,
      group: "inline",
      draggable: true,
      attrs: { src: {}, alt: { default: "" }, title: { default: "" }, problem: { default: "" }, upload: { default: "" } },
      parseDOM: [{ tag: "img[src]", getAttrs: imageAttrs }],
      toDOM: (node) => ["img", { src: node.attrs.src, alt: node.attrs.alt, title: node.attrs.title || null }],
    },
    hard_break: {
      inline: true,
      group: "inline",
      selectable: false,
      parseDOM: [{ tag: "br" }],
      toDOM: () => ["br"],
    },
    ...tables,
  },
  marks: {
    link: {
      attrs: { href: {}, title: { default: null } },
      inclusive: false,
      parseDOM: [
        {
          tag: "a[href]",
          getAttrs: (dom) => {
            const href = dom.getAttribute("href");
            // Word's bookmarks and a page's own anchors lead nowhere from here.
            if (!href || href.startsWith("#") || /^(javascript|file|data):/i.test(href)) return false;
            return { href, title: dom.getAttribute("title") };
          },
        },
      ],
      toDOM: (mark) => ["a", { href: mark.attrs.href, title: mark.attrs.title }, 0],
    },
    em: {
      parseDOM: [
        { tag: "i" },
        { tag: "em" },
        { style: "font-style=italic" },
        { style: "font-style=normal", clearMark: (m) => m.type.name == "em" },
      ],
      toDOM: () => ["em", 0],
    },
    strong: {
      parseDOM: [
        { tag: "strong" },
        // Google Docs wraps the whole paste in <b style="font-weight:normal">.
        { tag: "b", getAttrs: (node) => node.style.fontWeight != "normal" && null },
        { style: "font-weight=400", clearMark: (m) => m.type.name == "strong" },
        { style: "font-weight=normal", clearMark: (m) => m.type.name == "strong" },
        { style: "font-weight", getAttrs: (value) => /^(bold(er)?|[5-9]\d{2,})$/.test(value) && null },
      ],
      toDOM: () => ["strong", 0],
    },
    strike: {
      parseDOM: [{ tag: "s" }, { tag: "del" }, { tag: "strike" }, { style: "text-decoration=line-through" }],
      toDOM: () => ["s", 0],
    },
    code: {
      parseDOM: [{ tag: "code" }],
      toDOM: () => ["code", 0],
    },
  },
});

function imageAttrs(img) {
  return {
    src: img.getAttribute("data-src") || img.getAttribute("src"),
    alt: img.getAttribute("alt") || "",
    title: img.getAttribute("title") || "",
    problem: img.getAttribute("data-problem") || "",
  };
}
