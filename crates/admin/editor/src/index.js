// Tòa soạn's rich-text editor (ProseMirror). The admin app (Rust) mounts it with the
// body's Markdown and hears every change as Markdown; photos go up to the newsroom as
// they are pasted, dropped or picked, with their progress shown where they will stand.
import { EditorState, TextSelection } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import { Slice, Fragment } from "prosemirror-model";
import { keymap } from "prosemirror-keymap";
import { history, undo, redo } from "prosemirror-history";
import { baseKeymap, toggleMark, setBlockType, wrapIn, lift, chainCommands, exitCode } from "prosemirror-commands";
import { splitListItem, liftListItem, sinkListItem, wrapInList } from "prosemirror-schema-list";
import { inputRules, wrappingInputRule, textblockTypeInputRule } from "prosemirror-inputrules";
import { dropCursor } from "prosemirror-dropcursor";
import { gapCursor } from "prosemirror-gapcursor";
import { tableEditing, goToNextCell, addRowAfter, addColumnAfter, deleteRow, deleteColumn, isInTable } from "prosemirror-tables";
import { schema } from "./schema.js";
import { toDoc, toMarkdown } from "./markdown.js";
import { cleanHTML, cleanText } from "./paste.js";

const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"];
const LOCAL_PHOTO =
  "Ảnh này nằm trên máy của người soạn (Word không gửi ảnh kèm khi dán), nên chưa thể đưa lên. Hãy chọn tệp ảnh để thay vào chỗ này.";

let uploadCounter = 0;

/// A photo in the body as the newsroom shows it: `../media/x.jpg` → `/api/media/x.jpg`.
export function displayUrl(src) {
  const m = /^(?:\.\.\/)*(?:\/?content\/)?media\/(.+)$/.exec(src || "");
  return m ? "/api/media/" + m[1] : src;
}

function fetchPhoto(url, opts) {
  return fetch("/api/media/fetch", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": opts.csrf || "" },
    body: JSON.stringify({ url }),
  }).then(
    async (r) => {
      let answer = null;
      try {
        answer = await r.json();
      } catch (_) {
        answer = null;
      }
      if (r.ok && answer && answer.src) return answer;
      throw (answer && answer.error) || `Máy chủ trả lời ${r.status} khi lấy ảnh. Hãy thử lại.`;
    },
    () => {
      throw "Mất kết nối mạng khi lấy ảnh về. Hãy thử lại.";
    },
  );
}

function sendPhoto(file, opts, onProgress) {
  if (file && file.url) return fetchPhoto(file.url, opts);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", (opts.uploadUrl || "/api/media") + "?name=" + encodeURIComponent(file.name || "anh"));
    xhr.setRequestHeader("X-CSRF-Token", opts.csrf || "");
    if (file.type) xhr.setRequestHeader("Content-Type", file.type);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let answer = null;
      try {
        answer = JSON.parse(xhr.responseText);
      } catch (_) {
        answer = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && answer && answer.src) resolve(answer);
      else reject((answer && answer.error) || `Máy chủ trả lời ${xhr.status} khi nhận ảnh. Hãy thử lại.`);
    };
    xhr.onerror = () => reject("Mất kết nối mạng khi tải ảnh lên. Ảnh chưa được lưu; hãy thử lại.");
    xhr.send(file);
  });
}

function dataUrlToFile(url, n) {
  const m = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(url);
  if (!m) return null;
  const type = m[1] || "image/png";
  const raw = m[2] ? atob(m[3]) : decodeURIComponent(m[3]);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return new File([bytes], `anh-dan-${n}.${type.split("/")[1] || "png"}`, { type });
}

// One photo's place in the document: its picture, or its upload's progress, or what went
// wrong; the alt text; the caption typed under it.
class PhotoView {
  constructor(node, view, getPos, editor) {
    this.node = node;
    this.view = view;
    this.getPos = getPos;
    this.editor = editor;
    const figure = node.type.name == "figure";
    this.dom = document.createElement(figure ? "figure" : "span");
    this.dom.className = figure ? "tt-figure" : "tt-inline-photo";
    this.media = document.createElement("span");
    this.media.className = "tt-photo-media";
    this.media.contentEditable = "false";
    this.dom.appendChild(this.media);
    if (figure) {
      this.tools = document.createElement("div");
      this.tools.className = "tt-photo-tools";
      this.tools.contentEditable = "false";
      const label = document.createElement("label");
      label.textContent = "Mô tả ảnh (cho người không xem được ảnh)";
      this.alt = document.createElement("input");
      this.alt.type = "text";
      this.alt.className = "tt-photo-alt";
      this.alt.value = node.attrs.alt;
      this.alt.addEventListener("change", () => this.setAttrs({ alt: cleanText(this.alt.value).trim() }));
      label.appendChild(this.alt);
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "tt-photo-remove";
      remove.textContent = "Xoá ảnh";
      remove.addEventListener("click", () => {
        const pos = this.getPos();
        this.view.dispatch(this.view.state.tr.delete(pos, pos + this.node.nodeSize));
      });
      this.tools.append(label, remove);
      this.dom.appendChild(this.tools);
      this.contentDOM = document.createElement("figcaption");
      this.contentDOM.setAttribute("data-placeholder", "Chú thích ảnh…");
      this.dom.appendChild(this.contentDOM);
    }
    this.render();
  }
  setAttrs(attrs) {
    const pos = this.getPos();
    if (pos == null) return;
    this.view.dispatch(this.view.state.tr.setNodeMarkup(pos, null, { ...this.node.attrs, ...attrs }));
  }
  render() {
    const a = this.node.attrs;
    this.media.replaceChildren();
    if (a.upload) {
      const p = document.createElement("progress");
      p.max = 1;
      // A photo fetched from another site has no progress to show until it is done.
      const known = this.editor.progress.get(a.upload);
      if (known) p.value = known;
      p.setAttribute("aria-label", "Đang tải ảnh lên");
      const note = document.createElement("span");
      note.className = "tt-photo-note";
      note.textContent = known === undefined ? "Đang lấy ảnh về…" : "Đang tải ảnh lên…";
      this.media.append(p, note);
      this.bar = p;
    } else if (a.problem) {
      const note = document.createElement("span");
      note.className = "tt-photo-problem";
      note.setAttribute("role", "alert");
      note.textContent = a.problem == "local" ? LOCAL_PHOTO : a.problem;
      const pick = document.createElement("button");
      pick.type = "button";
      pick.textContent = "Chọn tệp ảnh";
      pick.addEventListener("click", () =>
        this.editor.pickFiles(false, (files) => files[0] && this.editor.startUpload(this.node.attrs.upload || this.editor.newUploadId(), files[0], this.getPos())),
      );
      this.media.append(note, pick);
    } else {
      const img = document.createElement("img");
      img.src = displayUrl(a.src);
      img.alt = a.alt;
      this.media.appendChild(img);
    }
    if (this.alt && this.alt !== document.activeElement) this.alt.value = a.alt;
  }
  update(node) {
    if (node.type != this.node.type) return false;
    const same = node.attrs === this.node.attrs;
    this.node = node;
    if (!same) this.render();
    return true;
  }
  progress(value) {
    if (this.bar) this.bar.value = value;
  }
  stopEvent(e) {
    return !!(this.tools && this.tools.contains(e.target)) || !!e.target.closest?.(".tt-photo-media button");
  }
  ignoreMutation(m) {
    return !this.contentDOM || !this.contentDOM.contains(m.target);
  }
}

function button(label, title, run, active, onlyIn) {
  const b = document.createElement("button");
  b.type = "button";
  b.innerHTML = label;
  b.title = title;
  b.setAttribute("aria-label", title);
  b.addEventListener("mousedown", (e) => e.preventDefault());
  return { el: b, run, active, onlyIn };
}

function markActive(state, type) {
  const { from, $from, to, empty } = state.selection;
  return empty ? !!type.isInSet(state.storedMarks || $from.marks()) : state.doc.rangeHasMark(from, to, type);
}

function blockActive(state, type, attrs = {}) {
  const { $from } = state.selection;
  const node = $from.parent;
  return node.type == type && Object.entries(attrs).every(([k, v]) => node.attrs[k] == v);
}

function insideList(state, type) {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) if ($from.node(d).type == type) return true;
  return false;
}

class Editor {
  constructor(host, markdown, opts) {
    this.opts = opts || {};
    this.progress = new Map();
    this.views = new Set();
    this.last = markdown;
    host.replaceChildren();
    host.classList.add("tt-editor");
    this.toolbar = document.createElement("div");
    this.toolbar.className = "tt-toolbar";
    this.toolbar.setAttribute("role", "toolbar");
    this.toolbar.setAttribute("aria-label", "Định dạng nội dung");
    this.area = document.createElement("div");
    this.area.className = "tt-area";
    host.append(this.toolbar, this.area);
    this.buttons = this.makeToolbar();
    this.view = new EditorView(this.area, {
      state: this.stateFor(markdown),
      nodeViews: {
        figure: (node, view, getPos) => this.track(new PhotoView(node, view, getPos, this)),
        image: (node, view, getPos) => this.track(new PhotoView(node, view, getPos, this)),
      },
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": this.opts.label || "Nội dung bài viết",
        class: "tt-prose article-body",
        lang: "vi",
        spellcheck: "true",
      },
      transformPastedHTML: (html) => cleanHTML(html),
      transformPastedText: (text) => cleanText(text),
      transformPasted: (slice) => this.claimPastedPhotos(slice),
      handleDrop: (view, event, _slice, moved) => {
        const files = photos(event.dataTransfer && event.dataTransfer.files);
        if (moved || !files.length) return false;
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
        this.insertPhotos(files, at ? at.pos : view.state.selection.to);
        event.preventDefault();
        return true;
      },
      handlePaste: (view, event) => {
        const data = event.clipboardData;
        const files = photos(data && data.files);
        // A copied photo or a screenshot comes as a file and no page.
        if (!files.length || (data.getData("text/html") || "").includes("<img")) return false;
        this.insertPhotos(files, view.state.selection.to);
        return true;
      },
      dispatchTransaction: (tr) => {
        this.view.updateState(this.view.state.apply(tr));
        this.refreshToolbar();
        if (tr.docChanged) this.changed();
      },
    });
    this.refreshToolbar();
    this.startPending();
  }

  track(view) {
    const destroy = view.destroy;
    this.views.add(view);
    view.destroy = () => {
      this.views.delete(view);
      destroy && destroy.call(view);
    };
    return view;
  }

  stateFor(markdown) {
    let doc;
    try {
      doc = toDoc(markdown || "");
    } catch (e) {
      this.opts.onProblem && this.opts.onProblem(String(e));
      doc = toDoc("");
    }
    const s = schema;
    const mac = /Mac|iP(hone|[ao]d)/.test(navigator.platform);
    const keys = {
      "Mod-z": undo,
      "Shift-Mod-z": redo,
      "Mod-y": mac ? undefined : redo,
      "Mod-b": toggleMark(s.marks.strong),
      "Mod-i": toggleMark(s.marks.em),
      "Mod-k": (state, dispatch) => this.link(state, dispatch),
      "Mod-Alt-2": setBlockType(s.nodes.heading, { level: 2 }),
      "Mod-Alt-3": setBlockType(s.nodes.heading, { level: 3 }),
      "Mod-Alt-0": setBlockType(s.nodes.paragraph),
      "Shift-Enter": chainCommands(exitCode, (state, dispatch) => {
        dispatch && dispatch(state.tr.replaceSelectionWith(s.nodes.hard_break.create()).scrollIntoView());
        return true;
      }),
      Enter: splitListItem(s.nodes.list_item),
      Tab: chainCommands(goToNextCell(1), sinkListItem(s.nodes.list_item)),
      "Shift-Tab": chainCommands(goToNextCell(-1), liftListItem(s.nodes.list_item)),
    };
    Object.keys(keys).forEach((k) => keys[k] === undefined && delete keys[k]);
    return EditorState.create({
      doc,
      plugins: [
        inputRules({
          rules: [
            wrappingInputRule(/^\s*>\s$/, s.nodes.blockquote),
            wrappingInputRule(/^\s*([-+*])\s$/, s.nodes.bullet_list),
            wrappingInputRule(/^(\d+)\.\s$/, s.nodes.ordered_list, (m) => ({ order: +m[1] }), (m, node) => node.childCount + node.attrs.order == +m[1]),
            textblockTypeInputRule(/^(#{2,4})\s$/, s.nodes.heading, (m) => ({ level: m[1].length })),
          ],
        }),
        keymap(keys),
        keymap(baseKeymap),
        history(),
        dropCursor(),
        gapCursor(),
        tableEditing(),
      ],
    });
  }

  changed() {
    const md = this.markdown();
    if (md === this.last) return;
    this.last = md;
    this.opts.onChange && this.opts.onChange(md);
  }

  markdown() {
    return toMarkdown(withoutPending(this.view.state.doc));
  }

  setMarkdown(md) {
    if (md === this.last) return;
    this.last = md;
    this.view.updateState(this.stateFor(md));
    this.refreshToolbar();
  }

  setEditable(on) {
    this.view.setProps({ editable: () => on });
    this.toolbar.querySelectorAll("button").forEach((b) => (b.disabled = !on));
  }

  focus() {
    this.view.focus();
  }

  destroy() {
    this.view.destroy();
  }

  link(state, dispatch) {
    const type = schema.marks.link;
    if (markActive(state, type)) {
      dispatch && toggleMark(type)(state, dispatch);
      return true;
    }
    if (state.selection.empty) return false;
    if (!dispatch) return true;
    const href = window.prompt("Địa chỉ liên kết (ví dụ https://…):", "https://");
    if (!href || !/^(https?:\/\/|mailto:|\/|\.\.?\/)/.test(href.trim())) return true;
    toggleMark(type, { href: href.trim() })(this.view.state, this.view.dispatch);
    return true;
  }

  makeToolbar() {
    const s = schema;
    const cmd = (c) => () => c(this.view.state, this.view.dispatch, this.view);
    const list = (type) => () => {
      const state = this.view.state;
      if (insideList(state, type)) return liftListItem(s.nodes.list_item)(state, this.view.dispatch);
      return wrapInList(type)(state, this.view.dispatch);
    };
    const block = document.createElement("select");
    block.className = "tt-block";
    block.setAttribute("aria-label", "Kiểu đoạn");
    for (const [value, text] of [["p", "Đoạn văn"], ["2", "Tiêu đề mục"], ["3", "Tiêu đề nhỏ"]]) {
      const o = document.createElement("option");
      o.value = value;
      o.textContent = text;
      block.appendChild(o);
    }
    block.addEventListener("change", () => {
      const v = block.value;
      const c = v == "p" ? setBlockType(s.nodes.paragraph) : setBlockType(s.nodes.heading, { level: +v });
      c(this.view.state, this.view.dispatch);
      this.view.focus();
    });
    this.block = block;
    this.toolbar.appendChild(block);
    const items = [
      button("<b>Đ</b>", "Chữ đậm (Ctrl+B)", cmd(toggleMark(s.marks.strong)), (st) => markActive(st, s.marks.strong)),
      button("<i>N</i>", "Chữ nghiêng (Ctrl+I)", cmd(toggleMark(s.marks.em)), (st) => markActive(st, s.marks.em)),
      button("Liên kết", "Liên kết (Ctrl+K): chọn chữ rồi bấm", () => this.link(this.view.state, this.view.dispatch), (st) => markActive(st, s.marks.link)),
      button("•&nbsp;≡", "Danh sách chấm", list(s.nodes.bullet_list), (st) => insideList(st, s.nodes.bullet_list)),
      button("1.&nbsp;≡", "Danh sách số", list(s.nodes.ordered_list), (st) => insideList(st, s.nodes.ordered_list)),
      button("Trích", "Trích dẫn", () => (insideList(this.view.state, s.nodes.blockquote) ? cmd(lift)() : cmd(wrapIn(s.nodes.blockquote))()), (st) => insideList(st, s.nodes.blockquote)),
      button("Bảng", "Chèn bảng", () => this.insertTable()),
      button("+ hàng", "Thêm hàng vào bảng", cmd(addRowAfter), null, isInTable),
      button("+ cột", "Thêm cột vào bảng", cmd(addColumnAfter), null, isInTable),
      button("− hàng", "Xoá hàng của bảng", cmd(deleteRow), null, isInTable),
      button("− cột", "Xoá cột của bảng", cmd(deleteColumn), null, isInTable),
      button("Thêm ảnh", "Thêm ảnh (chọn một hoặc nhiều tệp; cũng có thể kéo thả hay dán ảnh)", () => this.fileInput.click()),
      button("↶", "Hoàn tác (Ctrl+Z)", cmd(undo)),
      button("↷", "Làm lại (Ctrl+Shift+Z)", cmd(redo)),
    ];
    items.forEach((item) => {
      item.el.addEventListener("click", () => {
        item.run();
        this.view.focus();
      });
      this.toolbar.appendChild(item.el);
    });
    // The photos' picker, kept in the page so that a person (or a test) can give it files.
    this.fileInput = document.createElement("input");
    this.fileInput.type = "file";
    this.fileInput.accept = PHOTO_TYPES.join(",");
    this.fileInput.multiple = true;
    this.fileInput.className = "tt-file-picker";
    this.fileInput.hidden = true;
    this.fileInput.tabIndex = -1;
    this.fileInput.setAttribute("aria-label", "Chọn ảnh để thêm vào bài");
    this.fileInput.addEventListener("change", () => {
      this.insertPhotos(photos(this.fileInput.files), this.view.state.selection.to);
      this.fileInput.value = "";
    });
    this.toolbar.appendChild(this.fileInput);
    return items;
  }

  refreshToolbar() {
    const state = this.view.state;
    for (const item of this.buttons) {
      if (item.active) item.el.setAttribute("aria-pressed", String(!!item.active(state)));
      if (item.onlyIn) item.el.hidden = !item.onlyIn(state);
    }
    const parent = state.selection.$from.parent;
    this.block.value = parent.type == schema.nodes.heading && parent.attrs.level <= 3 ? String(Math.max(2, parent.attrs.level)) : "p";
  }

  insertTable() {
    const s = schema;
    const cell = (type, text) => type.create(null, text ? s.text(text) : null);
    const table = s.nodes.table.create(null, [
      s.nodes.table_row.create(null, [cell(s.nodes.table_header, "Cột 1"), cell(s.nodes.table_header, "Cột 2")]),
      s.nodes.table_row.create(null, [cell(s.nodes.table_cell), cell(s.nodes.table_cell)]),
    ]);
    const { state, dispatch } = this.view;
    dispatch(state.tr.replaceSelectionWith(table).scrollIntoView());
  }

  pickFiles(many, then) {
    const input = document.createElement("input");
    input.type = "file";
    input.accept = PHOTO_TYPES.join(",");
    input.multiple = many;
    input.className = "tt-file-picker";
    input.hidden = true;
    input.setAttribute("aria-label", "Chọn tệp ảnh");
    input.addEventListener("change", () => {
      then(photos(input.files));
      input.remove();
    });
    document.body.appendChild(input);
    input.click();
  }

  newUploadId() {
    return "u" + ++uploadCounter + "-" + Date.now().toString(36);
  }

  /// Each photo becomes a figure after the block at `pos`, uploading.
  insertPhotos(files, pos) {
    if (!files.length) return;
    const { state } = this.view;
    const $pos = state.doc.resolve(Math.min(pos, state.doc.content.size));
    // After the top-level block the position is in.
    const at = $pos.depth > 0 ? $pos.after(1) : $pos.pos;
    const ids = files.map(() => this.newUploadId());
    ids.forEach((id) => this.progress.set(id, 0));
    const figures = ids.map((id) => schema.nodes.figure.create({ src: "", upload: id }));
    const tr = state.tr.insert(at, Fragment.from(figures));
    this.view.dispatch(tr.setSelection(TextSelection.near(tr.doc.resolve(at + 1))).scrollIntoView());
    files.forEach((f, i) => this.startUpload(ids[i], f));
  }

  /// Photos pasted as data (web pages, Docs) are claimed for upload as they land.
  claimPastedPhotos(slice) {
    const pending = [];
    const map = (fragment) => {
      const out = [];
      fragment.forEach((node) => {
        const photo = node.type == schema.nodes.figure || node.type == schema.nodes.image;
        if (photo && /^data:/.test(node.attrs.src)) {
          const id = this.newUploadId();
          const file = dataUrlToFile(node.attrs.src, uploadCounter);
          if (file) {
            this.progress.set(id, 0);
            pending.push([id, file]);
          }
          node = node.type.create({ ...node.attrs, src: "", upload: file ? id : "", problem: file ? "" : "Ảnh dán vào không đọc được." }, node.content, node.marks);
        } else if (photo && /^https?:\/\//i.test(node.attrs.src) && !node.attrs.src.startsWith(location.origin + "/")) {
          // Another site's photo: the newsroom fetches it once, the site keeps its own copy.
          const id = this.newUploadId();
          pending.push([id, { url: node.attrs.src }]);
          node = node.type.create({ ...node.attrs, src: "", upload: id }, node.content, node.marks);
        }
        out.push(node.copy(map(node.content)));
      });
      return Fragment.from(out);
    };
    const content = map(slice.content);
    this.pending = (this.pending || []).concat(pending);
    setTimeout(() => this.startPending(), 0);
    return new Slice(content, slice.openStart, slice.openEnd);
  }

  startPending() {
    const pending = this.pending || [];
    this.pending = [];
    for (const [id, file] of pending) this.startUpload(id, file);
  }

  find(id) {
    let found = null;
    this.view.state.doc.descendants((node, pos) => {
      if (found) return false;
      if (node.attrs && node.attrs.upload == id) found = { node, pos };
      return !found;
    });
    return found;
  }

  startUpload(id, file, pos) {
    if (pos != null) {
      const node = this.view.state.doc.nodeAt(pos);
      if (node) this.view.dispatch(this.view.state.tr.setNodeMarkup(pos, null, { ...node.attrs, problem: "", upload: id }));
    }
    if (!(file && file.url)) this.progress.set(id, 0);
    const settle = (attrs) => {
      this.progress.delete(id);
      const hit = this.find(id);
      if (!hit) return;
      this.view.dispatch(this.view.state.tr.setNodeMarkup(hit.pos, null, { ...hit.node.attrs, upload: "", ...attrs }));
    };
    sendPhoto(file, this.opts, (value) => {
      this.progress.set(id, value);
      for (const v of this.views) if (v.node.attrs.upload == id) v.progress(value);
    }).then(
      (answer) => {
        const hit = this.find(id);
        const alt = hit && !hit.node.attrs.alt ? { alt: "" } : {};
        settle({ src: answer.src, problem: "", ...alt });
      },
      (message) => settle({ problem: String(message) }),
    );
  }
}

function photos(list) {
  return [...(list || [])].filter((f) => PHOTO_TYPES.includes(f.type));
}

/// The document without the photos still uploading or failed: they are not content yet.
function withoutPending(doc) {
  let pending = false;
  doc.descendants((n) => {
    if (n.attrs && (n.attrs.upload || n.attrs.problem)) pending = true;
    return !pending;
  });
  if (!pending) return doc;
  const strip = (fragment) => {
    const out = [];
    fragment.forEach((n) => {
      if (n.attrs && (n.attrs.upload || n.attrs.problem)) return;
      out.push(n.isText ? n : n.copy(strip(n.content)));
    });
    return Fragment.from(out);
  };
  return doc.copy(strip(doc.content));
}

export function mount(host, markdown, opts) {
  const editor = new Editor(host, markdown, opts);
  return {
    setMarkdown: (md) => editor.setMarkdown(md),
    markdown: () => editor.markdown(),
    setEditable: (on) => editor.setEditable(on),
    focus: () => editor.focus(),
    destroy: () => editor.destroy(),
  };
}

export { cleanHTML, toMarkdown, toDoc };

if (typeof window != "undefined") window.trangtinEditor = { mount, cleanHTML, displayUrl };
