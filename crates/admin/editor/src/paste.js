// What Word, Google Docs, Zalo and old web pages put on the clipboard, cleaned before the
// editor reads it: their structure kept (headings, lists, tables, bold, links, photos),
// their junk dropped (mso- styles, spans, conditional comments, empty paragraphs,
// &nbsp; runs, zero-width characters), and Vietnamese in one form (NFC), so that "ệ"
// typed on a Mac and "ệ" pasted from Word are the same letter to search and to the eye.

const DROP = "script, style, meta, link, title, xml, template, noscript, iframe, object, embed, form, button, input, select, textarea, nav, svg";

/// Text as the site keeps it: NFC, no-break and zero-width spaces gone.
export function cleanText(text) {
  return text
    .normalize("NFC")
    .replace(/[\u00a0\u2007\u202f]/g, " ")
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, "");
}

export function cleanHTML(html) {
  // Conditional comments (<!--[if gte mso 9]>…<![endif]-->) and Word's <![if …]> markers.
  html = html.replace(/<!--\[if[\s\S]*?<!\[endif\]-->/gi, "").replace(/<!\[(end)?if[^>]*>/gi, "");
  const doc = new DOMParser().parseFromString(html, "text/html");
  const body = doc.body;
  body.querySelectorAll(DROP).forEach((e) => e.remove());
  // Office's own elements: shapes go, the rest (o:p, w:sdt…) give up their text.
  for (const e of [...body.getElementsByTagName("*")].reverse()) {
    if (!e.tagName.includes(":")) continue;
    if (/^v:/i.test(e.tagName)) e.remove();
    else e.replaceWith(...e.childNodes);
  }
  wordLists(body);
  texts(body);
  images(body);
  tableCells(body);
  emptyBlocks(body);
  return body.innerHTML;
}

function texts(root) {
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) n.nodeValue = cleanText(n.nodeValue);
}

// Word writes a list as paragraphs styled `mso-list:l0 level2 lfo1`, each starting with
// its bullet or number as text in a `mso-list:Ignore` span.
function wordLists(root) {
  const doc = root.ownerDocument;
  const items = [...root.querySelectorAll("p, h1, h2, h3, h4, h5, h6")].filter((p) =>
    /mso-list:\s*l\d+/i.test(p.getAttribute("style") || ""),
  );
  let stack = []; // [{list, level}]
  let last = null;
  for (const p of items) {
    const level = +((p.getAttribute("style").match(/level(\d+)/i) || [])[1] || 1);
    const marker = p.querySelector("[style*='mso-list:Ignore' i], [style*='mso-list: Ignore' i]");
    const glyph = marker ? marker.textContent.replace(/\s/g, "") : "";
    if (marker) marker.remove();
    const ordered = /^\(?([0-9]+|[a-zA-Z]|[ivxlcIVXLC]+)[.)]$/.test(glyph);
    // Consecutive list paragraphs are one list; anything between ends it.
    if (!last || previousElement(p) !== last) stack = [];
    while (stack.length && stack[stack.length - 1].level > level) stack.pop();
    let top = stack[stack.length - 1];
    if (!top || top.level < level) {
      const list = doc.createElement(ordered ? "ol" : "ul");
      if (top) {
        const li = top.list.lastElementChild || top.list.appendChild(doc.createElement("li"));
        li.appendChild(list);
      } else {
        p.before(list);
      }
      top = { list, level };
      stack.push(top);
    }
    const li = doc.createElement("li");
    const inner = doc.createElement("p");
    inner.append(...p.childNodes);
    li.appendChild(inner);
    top.list.appendChild(li);
    const outer = stack[0].list;
    p.remove();
    last = outer;
  }
}

function previousElement(node) {
  let prev = node.previousElementSibling;
  // An empty paragraph between two items does not end the list.
  while (prev && prev.tagName == "P" && !prev.textContent.trim() && !prev.querySelector("img")) prev = prev.previousElementSibling;
  return prev;
}

// Photos: one alone in its paragraph becomes a figure, its caption the paragraph after
// when Word marked it as one; a photo Word left on the writer's disk (file:///…) cannot
// come with the paste, and says so where it stood.
function images(root) {
  const doc = root.ownerDocument;
  for (const img of root.querySelectorAll("img")) {
    const src = img.getAttribute("src") || "";
    if (/^file:|^[a-z]:\\/i.test(src) || !src) {
      img.setAttribute("data-problem", "local");
      img.setAttribute("data-src", src || "(không rõ)");
      img.setAttribute("src", "");
    }
    const block = img.closest("p, div, h1, h2, h3, h4, h5, h6") || null;
    if (!block || block.closest("li, td, th, figure")) continue;
    const others = [...block.childNodes].filter((n) => n !== img && !n.contains?.(img)).some((n) => n.textContent.trim());
    if (others || block.querySelectorAll("img").length != 1) continue;
    const figure = doc.createElement("figure");
    figure.appendChild(img);
    const caption = doc.createElement("figcaption");
    const next = block.nextElementSibling;
    if (next && /caption/i.test(next.className || "")) {
      caption.textContent = next.textContent.trim();
      next.remove();
    }
    figure.appendChild(caption);
    block.replaceWith(figure);
  }
}

// A Markdown table's cell is one line: paragraphs in a cell are joined. Its first row is
// the table's head, which is bold already: Word's bold there is dropped.
function tableCells(root) {
  for (const table of root.querySelectorAll("table")) {
    const first = table.querySelector("tr");
    if (!first) continue;
    for (const b of first.querySelectorAll("b, strong")) b.replaceWith(...b.childNodes);
  }
  for (const cell of root.querySelectorAll("td, th")) {
    const blocks = [...cell.querySelectorAll("p, div, li, h1, h2, h3, h4, h5, h6")];
    if (!blocks.length) continue;
    const parts = blocks.filter((b) => !b.querySelector("p, div, li")).map((b) => b.innerHTML.trim()).filter((h) => h.replace(/<[^>]*>/g, "").trim());
    cell.innerHTML = parts.join(" ");
  }
}

function emptyBlocks(root) {
  for (const b of [...root.querySelectorAll("p, h1, h2, h3, h4, h5, h6, li, blockquote, div")].reverse()) {
    if (b.querySelector("img, table, hr")) continue;
    if (!b.textContent.replace(/\s/g, "")) b.remove();
  }
  // Lone line breaks between blocks are Docs' and web pages' spacing.
  for (const br of root.querySelectorAll("br")) {
    const parent = br.parentElement;
    if (parent === root || /^(DIV|BODY|B|SPAN)$/.test(parent.tagName) && !hasTextAround(br)) br.remove();
  }
}

function hasTextAround(br) {
  const around = (n) => n && (n.nodeType == 3 ? n.nodeValue.trim() : n.nodeType == 1 && n.tagName != "BR" && !/^(P|DIV|H\d|UL|OL|TABLE)$/.test(n.tagName));
  return around(br.previousSibling) && around(br.nextSibling);
}
