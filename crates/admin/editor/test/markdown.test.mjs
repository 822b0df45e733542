// The editor writes the bundler's Markdown and reads it back unchanged.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { toDoc, toMarkdown } from "../src/markdown.js";

const body = (file) => {
  const text = readFileSync(file, "utf8");
  const m = text.match(/^\+\+\+\n[\s\S]*?\n\+\+\+\n/);
  return (m ? text.slice(m[0].length) : text).replace(/^\n+/, "");
};

const round = (md) => toMarkdown(toDoc(md));

test("the example site's articles come back byte for byte", () => {
  const dir = new URL("../../../../content/articles/", import.meta.url).pathname;
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".md"))) {
    const md = body(dir + name);
    assert.equal(round(md), md, name);
  }
});

test("every construct the editor offers round-trips", () => {
  const md = [
    "## Mục một",
    "",
    "Chữ **đậm**, *nghiêng*, ~~gạch~~, `mã`, [liên kết](https://example.org/a \"Tiêu đề\") và ảnh ![nhỏ](../media/a.png) giữa dòng.",
    "",
    "### Mục con",
    "",
    "> Trích dẫn một đoạn.",
    ">",
    "> Đoạn thứ hai.",
    "",
    "- Một",
    "- Hai",
    "  - Hai phẩy một",
    "- Ba",
    "",
    "1. Thứ nhất",
    "2. Thứ hai",
    "",
    "Danh sách rời:",
    "",
    "3. Thưa",
    "",
    "4. Đoạn",
    "",
    "![Hội trường](../media/2026/12/hoi-truong.jpg \"Quang cảnh \\\"hội nghị\\\"\")",
    "",
    "![Không chú thích](../media/b.jpg)",
    "",
    "| Họ tên | Chức vụ |",
    "| --- | --- |",
    "| Nguyễn Văn A | Hiệu trưởng \\| Bí thư |",
    "| Trần Thị B | *Phó* |",
    "",
    "Dòng một\\",
    "dòng hai.",
    "",
    "---",
    "",
    "```rust",
    "fn main() {}",
    "```",
    "",
  ].join("\n");
  assert.equal(round(md), md);
});

test("what would read as Markdown is escaped, and stays text", () => {
  const doc = toDoc("Văn bản");
  const p = doc.type.schema.nodes.paragraph;
  const text = ["1. không phải danh sách", "# không phải tiêu đề", "*sao* và _gạch_ [ngoặc]"];
  for (const t of text) {
    const md = toMarkdown(doc.type.create(null, p.create(null, doc.type.schema.text(t))));
    assert.equal(toDoc(md).textContent, t);
    assert.equal(round(md), md);
  }
});

test("a lone image is a figure whose caption is its title", () => {
  const doc = toDoc('![Ảnh](../media/a.jpg "Chú thích")\n');
  assert.equal(doc.firstChild.type.name, "figure");
  assert.equal(doc.firstChild.textContent, "Chú thích");
  assert.equal(doc.firstChild.attrs.alt, "Ảnh");
});

test("an empty body is empty", () => {
  assert.equal(toMarkdown(toDoc("")), "");
});
