// The bundler's Markdown to the editor's document and back. Writing a document read from
// Markdown this editor wrote gives the same bytes (test/markdown.test.mjs).
import MarkdownIt from "markdown-it";
import { MarkdownParser, MarkdownSerializer } from "prosemirror-markdown";
import { schema } from "./schema.js";

// pulldown-cmark with tables and strikethrough, as the bundler reads it.
const tokenizer = MarkdownIt("commonmark", { html: false }).enable(["table", "strikethrough"]);

// A paragraph that holds only an image is a figure (its title is the caption).
tokenizer.core.ruler.push("trangtin_figure", (state) => {
  const t = state.tokens;
  for (let i = 0; i + 2 < t.length; i++) {
    if (t[i].type != "paragraph_open" || t[i + 1].type != "inline" || t[i + 2].type != "paragraph_close") continue;
    const kids = t[i + 1].children.filter((k) => !(k.type == "text" && !k.content.trim()));
    if (kids.length != 1 || kids[0].type != "image") continue;
    const image = kids[0];
    const figure = new state.Token("figure", "figure", 0);
    figure.attrs = [
      ["src", image.attrGet("src")],
      ["alt", image.children.map((c) => c.content).join("")],
      ["title", image.attrGet("title") || ""],
    ];
    figure.block = true;
    t.splice(i, 3, figure);
  }
});

// The table's head and body are one thing in the document.
const ignore = { ignore: true };

export const parser = new MarkdownParser(schema, tokenizer, {
  blockquote: { block: "blockquote" },
  paragraph: { block: "paragraph" },
  list_item: { block: "list_item" },
  bullet_list: { block: "bullet_list", getAttrs: (_, tokens, i) => ({ tight: tight(tokens, i) }) },
  ordered_list: {
    block: "ordered_list",
    getAttrs: (tok, tokens, i) => ({ order: +tok.attrGet("start") || 1, tight: tight(tokens, i) }),
  },
  heading: { block: "heading", getAttrs: (tok) => ({ level: +tok.tag.slice(1) }) },
  code_block: { block: "code_block", noCloseToken: true },
  fence: { block: "code_block", getAttrs: (tok) => ({ params: tok.info || "" }), noCloseToken: true },
  hr: { node: "horizontal_rule" },
  image: {
    node: "image",
    getAttrs: (tok) => ({
      src: tok.attrGet("src"),
      title: tok.attrGet("title") || "",
      alt: (tok.children[0] && tok.children[0].content) || "",
    }),
  },
  hardbreak: { node: "hard_break" },
  em: { mark: "em" },
  strong: { mark: "strong" },
  s: { mark: "strike" },
  link: {
    mark: "link",
    getAttrs: (tok) => ({ href: tok.attrGet("href"), title: tok.attrGet("title") || null }),
  },
  code_inline: { mark: "code", noCloseToken: true },
  table: { block: "table" },
  thead: ignore,
  tbody: ignore,
  tr: { block: "table_row" },
  th: { block: "table_header" },
  td: { block: "table_cell" },
});

// The figure token carries its caption as an attribute; the figure's content is that text.
parser.tokenHandlers.figure = (state, tok) => {
  const caption = tok.attrGet("title");
  state.openNode(schema.nodes.figure, { src: tok.attrGet("src"), alt: tok.attrGet("alt") });
  state.addText(caption);
  state.closeNode();
};

function tight(tokens, i) {
  while (++i < tokens.length) if (tokens[i].type != "list_item_open") return tokens[i].hidden;
  return false;
}

const escapeTitle = (s) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
const escapeSrc = (s) => s.replace(/[\s()<>\\]/g, (c) => encodeURI(c) == c ? "\\" + c : encodeURI(c));

function image(alt, src, title, state) {
  return "![" + state.esc(alt) + "](" + escapeSrc(src) + (title ? ' "' + escapeTitle(title) + '"' : "") + ")";
}

// One table cell's inline content, on one line, with its pipes escaped.
function cell(state, node) {
  const inner = serializer.serialize(schema.nodes.doc.create(null, schema.nodes.paragraph.create(null, node.content)));
  return inner.trim().replace(/\n+/g, " ").replace(/\\\s/g, " ").replace(/\|/g, "\\|");
}

export const serializer = new MarkdownSerializer(
  {
    blockquote(state, node) {
      state.wrapBlock("> ", null, node, () => state.renderContent(node));
    },
    code_block(state, node) {
      const runs = node.textContent.match(/`{3,}/gm);
      const fence = runs ? runs.sort().slice(-1)[0] + "`" : "```";
      state.write(fence + (node.attrs.params || "") + "\n");
      state.text(node.textContent, false);
      state.ensureNewLine();
      state.write(fence);
      state.closeBlock(node);
    },
    heading(state, node) {
      state.write("#".repeat(node.attrs.level) + " ");
      state.renderInline(node, false);
      state.closeBlock(node);
    },
    horizontal_rule(state, node) {
      state.write("---");
      state.closeBlock(node);
    },
    bullet_list(state, node) {
      state.renderList(node, "  ", () => "- ");
    },
    ordered_list(state, node) {
      const start = node.attrs.order;
      const width = String(start + node.childCount - 1).length;
      state.renderList(node, " ".repeat(width + 2), (i) => {
        const n = String(start + i);
        return " ".repeat(width - n.length) + n + ". ";
      });
    },
    list_item(state, node) {
      state.renderContent(node);
    },
    paragraph(state, node) {
      state.renderInline(node);
      state.closeBlock(node);
    },
    figure(state, node) {
      state.write(image(node.attrs.alt, node.attrs.src, node.textContent.trim(), state));
      state.closeBlock(node);
    },
    image(state, node) {
      state.write(image(node.attrs.alt, node.attrs.src, node.attrs.title, state));
    },
    hard_break(state, node, parent, index) {
      for (let i = index + 1; i < parent.childCount; i++)
        if (parent.child(i).type != node.type) {
          state.write("\\\n");
          return;
        }
    },
    text(state, node) {
      state.text(node.text, !state.inAutolink);
    },
    table(state, node) {
      const rows = [];
      node.forEach((row) => {
        const cells = [];
        row.forEach((c) => cells.push(cell(state, c)));
        rows.push(cells);
      });
      const columns = Math.max(...rows.map((r) => r.length));
      const line = (cells) => "| " + Array.from({ length: columns }, (_, i) => cells[i] || "").join(" | ") + " |";
      state.write(line(rows[0]) + "\n");
      state.write(line(Array(columns).fill("---")) + "\n");
      rows.slice(1).forEach((r, i) => state.write(line(r) + (i + 2 < rows.length ? "\n" : "")));
      state.closeBlock(node);
    },
  },
  {
    em: { open: "*", close: "*", mixable: true, expelEnclosingWhitespace: true },
    strong: { open: "**", close: "**", mixable: true, expelEnclosingWhitespace: true },
    strike: { open: "~~", close: "~~", mixable: true, expelEnclosingWhitespace: true },
    link: {
      open: "[",
      close: (state, mark) =>
        "](" + escapeSrc(mark.attrs.href) + (mark.attrs.title ? ' "' + escapeTitle(mark.attrs.title) + '"' : "") + ")",
      mixable: true,
    },
    code: {
      open: (_s, _m, parent, index) => ticks(parent.child(index), -1),
      close: (_s, _m, parent, index) => ticks(parent.child(index - 1), 1),
      escape: false,
    },
  },
  { hardBreakNodeName: "hard_break", strict: false },
);

function ticks(node, side) {
  let longest = 0;
  for (const m of (node.isText ? node.text : "").matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = "`".repeat(longest + 1);
  return longest == 0 ? fence : side < 0 ? fence + " " : " " + fence;
}

export function toDoc(markdown) {
  return parser.parse(markdown);
}

/// The body as the file holds it: blocks apart by one blank line, one newline at the end.
export function toMarkdown(doc) {
  const out = serializer.serialize(doc).replace(/\s+$/, "");
  return out ? out + "\n" : "";
}
