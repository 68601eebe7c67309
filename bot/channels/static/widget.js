/* Xiaoer (小二) buyer chat widget: plain JavaScript, no build step. Contract: docs/widget.md. */
(function () {
  "use strict";
  if (window.XiaoerWidget) {
    return;
  }

  var SESSION_KEY = "xiaoer.session";
  var OPEN_KEY = "xiaoer.open";
  var TAB_KEY = "xiaoer.tab";
  var PENDING_PREFIX = "xiaoer.pending.";
  var NO_SESSION = "new";
  var DEFAULT_MAX_CHARS = 1000;
  var COUNTER_MARGIN = 100;
  var ACK_WAIT_MS = 20000;
  var HISTORY_WAIT_MS = 3000;
  var TYPING_TIMEOUT_MS = 30000;
  var CSS_WAIT_MS = 3000;
  var RATE_NOTICE_GAP_MS = 3000;
  var DUPLICATE_WINDOW_S = 600;
  var MESSAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;
  var HEX32 = /^[0-9a-f]{32}$/;
  var ICONS = {
    chat: "M4 5h16v11H9l-5 4z M8 10h.01 M12 10h.01 M16 10h.01",
    chevron: "M6 9l6 6 6-6",
    minimise: "M5 12h14"
  };

  var STRINGS = {
    zh: {
      title: "在线客服",
      placeholder: "输入消息…",
      send: "发送",
      openChat: "打开客服聊天",
      closeChat: "收起客服聊天",
      minimise: "最小化",
      conversation: "聊天记录",
      typing: "对方正在输入",
      unread: "{n} 条未读消息",
      agent: "人工客服",
      agentJoined: "人工客服 {name} 已接入",
      agentJoinedAnon: "人工客服已接入",
      agentLeft: "人工客服 {name} 已离开，小二继续为您服务",
      agentLeftAnon: "人工客服已离开，小二继续为您服务",
      connectionLost: "连接已断开，正在重新连接…",
      connectionBack: "连接已恢复",
      unavailable: "暂时无法连接客服，正在重试…",
      rateLimited: "发送太频繁啦，消息会在 {n} 秒后自动发出",
      viewProduct: "查看商品",
      sending: "发送中…",
      notDelivered: "未送达，连接恢复后自动重发",
      notSent: "未发送",
      tooLong: "消息太长啦（{n} 字），一条最多 {max} 字，请删减或分几条发送",
      counter: "已输入 {n} 字，最多 {max} 字",
      droppedOld: "上一个会话中有 {n} 条消息没有送达，已不再发送"
    },
    en: {
      title: "Customer service",
      placeholder: "Type a message…",
      send: "Send",
      openChat: "Open customer service chat",
      closeChat: "Minimise customer service chat",
      minimise: "Minimise",
      conversation: "Conversation",
      typing: "Typing",
      unread: "{n} unread messages",
      agent: "Agent",
      agentJoined: "Agent {name} joined",
      agentJoinedAnon: "An agent joined",
      agentLeft: "Agent {name} left; the assistant is back",
      agentLeftAnon: "The agent left; the assistant is back",
      connectionLost: "Connection lost, reconnecting…",
      connectionBack: "Connection restored",
      unavailable: "Can't reach customer service yet, retrying…",
      rateLimited: "Too many messages at once; sending again in {n} s",
      viewProduct: "View product",
      sending: "Sending…",
      notDelivered: "Not delivered yet - will retry when the connection is back",
      notSent: "Not sent",
      tooLong: "This message is too long ({n} characters); the limit is {max}. Please shorten it or send it in parts.",
      counter: "{n} of at most {max} characters",
      droppedOld: "{n} undelivered message(s) from an earlier conversation will not be sent"
    }
  };

  var script = document.currentScript || findOwnScript();
  var config = readConfig();
  var t = STRINGS[config.language];
  var state = {
    open: false,
    unread: 0,
    titlePrefix: "",
    socket: null,
    sessionId: readStorage("localStorage", SESSION_KEY),
    requestedId: null,
    confirmed: false,
    tab: tabId(),
    maxChars: DEFAULT_MAX_CHARS,
    ready: false,
    offline: false,
    connection: 0,
    storageBroken: !storageWorks(),
    views: {},
    early: {},
    done: {},
    history: { ids: {}, buyer: [] },
    rateQueue: [],
    rateTimer: null,
    rateHead: null,
    rateNoticeAt: 0,
    dropped: 0,
    typingOn: false,
    everConnected: false,
    reconnecting: false,
    lostShown: false,
    unavailableShown: false,
    historyTimer: null,
    typingTimer: null,
    focusPending: false,
    welcome: null
  };
  var memoryStore = {};
  var ui = {};
  window.XiaoerWidget = Object.freeze({
    open: function () {
      if (ui.root) {
        open(true);
      }
    },
    close: function () {
      if (ui.root) {
        close();
      }
    },
    send: function (text) {
      return ui.root ? send(text) : false;
    }
  });

  function findOwnScript() {
    var scripts = document.getElementsByTagName("script");
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (/\/widget\/widget\.js(\?|#|$)/.test(scripts[i].src)) {
        return scripts[i];
      }
    }
    return null;
  }

  function attr(name) {
    var value = script ? script.getAttribute("data-" + name) : null;
    if (!value || value.indexOf("{{") !== -1) {
      return "";
    }
    return value.trim();
  }

  function scriptOrigin() {
    try {
      return script && script.src ? new URL(script.src, window.location.href).origin : "";
    } catch (error) {
      return "";
    }
  }

  function isColor(value) {
    if (!value) {
      return false;
    }
    if (window.CSS && typeof window.CSS.supports === "function") {
      return window.CSS.supports("color", value);
    }
    return /^#[0-9a-f]{3,8}$/i.test(value);
  }

  function readConfig() {
    var server = attr("server") || scriptOrigin() || window.location.origin;
    var buyer = attr("buyer");
    return {
      server: server.replace(/\/+$/, ""),
      language: attr("language").toLowerCase().indexOf("en") === 0 ? "en" : "zh",
      title: attr("title"),
      color: isColor(attr("color")) ? attr("color") : "",
      product: /^[A-Za-z0-9_-]{1,32}$/.test(attr("product")) ? attr("product") : "",
      identity: buyer ? { buyer: buyer, expires: attr("expires"), signature: attr("signature") } : null
    };
  }

  function readStorage(kind, key) {
    try {
      return window[kind].getItem(key);
    } catch (error) {
      return null;
    }
  }

  function writeStorage(kind, key, value) {
    try {
      window[kind].setItem(key, value);
    } catch (error) {
      /* storage disabled (private mode, sandboxed frame): the widget still works for this page */
    }
  }

  function storageWorks() {
    try {
      window.localStorage.setItem("xiaoer.probe", "1");
      window.localStorage.removeItem("xiaoer.probe");
      return true;
    } catch (error) {
      return false;
    }
  }

  function randomHex(bytes) {
    var values = new Uint8Array(bytes);
    var cryptoApi = window.crypto || window.msCrypto;
    if (cryptoApi && typeof cryptoApi.getRandomValues === "function") {
      cryptoApi.getRandomValues(values);
    } else {
      for (var i = 0; i < bytes; i++) {
        values[i] = Math.floor(Math.random() * 256);
      }
    }
    var hex = "";
    for (var j = 0; j < bytes; j++) {
      hex += (values[j] < 16 ? "0" : "") + values[j].toString(16);
    }
    return hex;
  }

  /* This browser tab: kept across reloads (sessionStorage), new in a new tab or a reopened browser. */
  function tabId() {
    var id = readStorage("sessionStorage", TAB_KEY);
    if (!id || !HEX32.test(id)) {
      id = randomHex(16);
      writeStorage("sessionStorage", TAB_KEY, id);
    }
    return id;
  }

  /* Characters as the server counts them (code points, not UTF-16 units). */
  function charCount(text) {
    var count = 0;
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        var next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          i++;
        }
      }
      count++;
    }
    return count;
  }

  function owner() {
    return config.identity ? config.identity.buyer : "";
  }

  /* Pending messages: sent (or typed) but not acknowledged by the server yet. One list per
     session in localStorage, so a reload, a reconnect or another tab never loses one. */
  function pendingKey(sessionId) {
    return PENDING_PREFIX + (sessionId || NO_SESSION);
  }

  function validItem(item) {
    return Boolean(item) && typeof item.id === "string" && MESSAGE_ID.test(item.id) &&
      typeof item.text === "string" && item.text.length > 0;
  }

  function loadPending(sessionId) {
    var key = pendingKey(sessionId);
    var raw = state.storageBroken ? memoryStore[key] : readStorage("localStorage", key);
    var list;
    try {
      list = JSON.parse(raw || "[]");
    } catch (error) {
      list = [];
    }
    if (!Array.isArray(list)) {
      return [];
    }
    return list.filter(validItem).map(function (item) {
      return {
        id: item.id,
        text: item.text,
        display: typeof item.display === "string" && item.display ? item.display : item.text,
        at: Number(item.at) || 0,
        sent: item.sent === true,
        tab: typeof item.tab === "string" ? item.tab : "",
        owner: typeof item.owner === "string" ? item.owner : ""
      };
    });
  }

  function savePending(sessionId, list) {
    var key = pendingKey(sessionId);
    var raw = list.length ? JSON.stringify(list) : "";
    memoryStore[key] = raw;
    if (state.storageBroken) {
      return;
    }
    try {
      if (raw) {
        window.localStorage.setItem(key, raw);
      } else {
        window.localStorage.removeItem(key);
      }
    } catch (error) {
      state.storageBroken = true;
    }
  }

  function findPending(id) {
    var list = loadPending(state.sessionId);
    for (var i = 0; i < list.length; i++) {
      if (list[i].id === id) {
        return list[i];
      }
    }
    return null;
  }

  function addPending(item) {
    var list = loadPending(state.sessionId);
    list.push(item);
    savePending(state.sessionId, list);
  }

  function updatePending(id, changes) {
    var list = loadPending(state.sessionId);
    list.forEach(function (item) {
      if (item.id === id) {
        Object.keys(changes).forEach(function (key) {
          item[key] = changes[key];
        });
      }
    });
    savePending(state.sessionId, list);
  }

  function removePending(id) {
    var list = loadPending(state.sessionId);
    var kept = list.filter(function (item) {
      return item.id !== id;
    });
    if (kept.length !== list.length) {
      savePending(state.sessionId, kept);
    }
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return values[key];
    });
  }

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function icon(name) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    var path = document.createElementNS(ns, "path");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "xiaoer-icon xiaoer-icon-" + name);
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  function safeUrl(value) {
    if (typeof value !== "string" || !value.trim()) {
      return "";
    }
    try {
      var url = new URL(value.trim(), config.server + "/");
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : "";
    } catch (error) {
      return "";
    }
  }

  function formatPrice(price) {
    if (typeof price === "number" && isFinite(price)) {
      return "¥" + (price % 1 ? price.toFixed(2) : String(price));
    }
    if (typeof price === "string") {
      return /^\d+(\.\d+)?$/.test(price.trim()) ? "¥" + price.trim() : price;
    }
    return "";
  }

  function buildUi() {
    ui.root = el("div", { id: "xiaoer-widget", class: "xiaoer", lang: config.language === "en" ? "en" : "zh-CN" });
    ui.root.setAttribute("data-open", "false");
    ui.root.hidden = true;
    if (config.color) {
      ui.root.style.setProperty("--xiaoer-accent", config.color);
    }

    ui.badge = el("span", { class: "xiaoer-badge", "data-xiaoer": "badge", "aria-hidden": "true" });
    ui.badge.hidden = true;
    ui.launcher = el("button", {
      type: "button", class: "xiaoer-launcher", "data-xiaoer": "launcher",
      "aria-label": t.openChat, "aria-expanded": "false", "aria-controls": "xiaoer-panel"
    });
    ui.launcher.appendChild(icon("chat"));
    ui.launcher.appendChild(icon("chevron"));
    ui.launcher.appendChild(ui.badge);

    var title = config.title || t.title;
    ui.panel = el("section", { id: "xiaoer-panel", class: "xiaoer-panel", "data-xiaoer": "panel", role: "dialog", "aria-label": title });
    ui.panel.hidden = true;
    var header = el("div", { class: "xiaoer-header" });
    ui.title = el("div", { class: "xiaoer-title", "data-xiaoer": "title" }, title);
    header.appendChild(ui.title);
    ui.minimise = el("button", { type: "button", class: "xiaoer-minimise", "data-xiaoer": "minimise", "aria-label": t.minimise, title: t.minimise });
    ui.minimise.appendChild(icon("minimise"));
    header.appendChild(ui.minimise);

    ui.messages = el("div", { class: "xiaoer-messages", "data-xiaoer": "messages", role: "log", "aria-live": "polite", "aria-label": t.conversation });
    ui.typing = el("div", { class: "xiaoer-typing", "data-xiaoer": "typing", role: "status", "aria-label": t.typing });
    ui.typing.appendChild(el("span"));
    ui.typing.appendChild(el("span"));
    ui.typing.appendChild(el("span"));
    ui.typing.hidden = true;
    ui.messages.appendChild(ui.typing);

    ui.form = el("form", { class: "xiaoer-composer", novalidate: "" });
    ui.input = el("textarea", {
      class: "xiaoer-input", "data-xiaoer": "input", rows: "1", maxlength: String(state.maxChars),
      placeholder: t.placeholder, "aria-label": t.placeholder, enterkeyhint: "send",
      "aria-describedby": "xiaoer-counter"
    });
    ui.counter = el("div", { id: "xiaoer-counter", class: "xiaoer-counter", "data-xiaoer": "counter" });
    ui.counter.hidden = true;
    ui.send = el("button", { type: "submit", class: "xiaoer-send", "data-xiaoer": "send" }, t.send);
    ui.form.appendChild(ui.counter);
    ui.form.appendChild(ui.input);
    ui.form.appendChild(ui.send);

    ui.panel.appendChild(header);
    ui.panel.appendChild(ui.messages);
    ui.panel.appendChild(ui.form);
    ui.root.appendChild(ui.panel);
    ui.root.appendChild(ui.launcher);
    document.body.appendChild(ui.root);
  }

  function bindUi() {
    ui.launcher.addEventListener("click", function () {
      if (state.open) {
        close();
      } else {
        open(true);
      }
    });
    ui.minimise.addEventListener("click", function () {
      close();
      ui.launcher.focus();
    });
    ui.panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        close();
        ui.launcher.focus();
      }
    });
    ui.form.addEventListener("submit", function (event) {
      event.preventDefault();
      submitInput();
    });
    ui.input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        submitInput();
      }
    });
    ui.input.addEventListener("input", onInputChange);
    ui.input.addEventListener("paste", function (event) {
      insertWhole(event, event.clipboardData);
    });
    ui.input.addEventListener("drop", function (event) {
      insertWhole(event, event.dataTransfer);
    });
    /* maxlength would cut an IME's committed text without a word: lift it while composing. */
    ui.input.addEventListener("compositionstart", function () {
      ui.input.removeAttribute("maxlength");
    });
    ui.input.addEventListener("compositionend", function () {
      ui.input.setAttribute("maxlength", String(state.maxChars));
      onInputChange();
      warnIfTooLong();
    });
    window.addEventListener("storage", onStorage);
  }

  function onInputChange() {
    growInput();
    renderCounter();
  }

  /* A paste or drop that does not fit goes in whole (the browser's maxlength would cut it
     silently); the counter turns red and the buyer is told, the message is not sent as is. */
  function insertWhole(event, transfer) {
    var text = transfer && typeof transfer.getData === "function" ? transfer.getData("text/plain") : "";
    if (!text) {
      return;
    }
    var value = ui.input.value;
    var start = ui.input.selectionStart || 0;
    var end = ui.input.selectionEnd || 0;
    if (event.type === "drop" && event.target === ui.input && document.activeElement !== ui.input) {
      start = end = value.length;
    }
    if (value.length - (end - start) + text.length <= state.maxChars) {
      return;
    }
    event.preventDefault();
    ui.input.focus();
    ui.input.setRangeText(text, start, end, "end");
    onInputChange();
    warnIfTooLong();
  }

  function warnIfTooLong() {
    var count = charCount(ui.input.value.trim());
    if (count > state.maxChars) {
      notice(format(t.tooLong, { n: count, max: state.maxChars }));
      return true;
    }
    return false;
  }

  function renderCounter() {
    var count = charCount(ui.input.value);
    var shown = count >= state.maxChars - COUNTER_MARGIN;
    ui.counter.hidden = !shown;
    ui.counter.textContent = shown ? count + "/" + state.maxChars : "";
    ui.counter.setAttribute("aria-label", shown ? format(t.counter, { n: count, max: state.maxChars }) : "");
    ui.counter.setAttribute("data-over", count > state.maxChars ? "true" : "false");
    ui.input.setAttribute("aria-invalid", count > state.maxChars ? "true" : "false");
  }

  function setMaxChars(value) {
    var limit = Math.floor(Number(value));
    if (!isFinite(limit) || limit < 1) {
      return;
    }
    state.maxChars = limit;
    ui.input.setAttribute("maxlength", String(limit));
    renderCounter();
  }

  function growInput() {
    ui.input.style.height = "auto";
    ui.input.style.height = Math.min(ui.input.scrollHeight, 120) + "px";
  }

  function submitInput() {
    if (send(ui.input.value, true)) {
      ui.input.value = "";
      onInputChange();
    }
    ui.input.focus();
  }

  function scrollToBottom() {
    ui.messages.scrollTop = ui.messages.scrollHeight;
  }

  function appendMessage(message, withButtons) {
    var node = renderMessage(message, withButtons !== false);
    if (node) {
      ui.messages.insertBefore(node, ui.typing);
      scrollToBottom();
    }
    return node;
  }

  /* A notice; the same notice again right after itself is moved down, not stacked. */
  function notice(text) {
    var last = ui.typing.previousElementSibling;
    if (last && last.getAttribute("data-sender") === "notice" && last.textContent === String(text)) {
      last.remove();
    }
    return appendMessage({ sender: "notice", text: text });
  }

  function renderMessage(message, withButtons) {
    var sender = ["buyer", "agent", "notice"].indexOf(message.sender) !== -1 ? message.sender : "bot";
    var node = el("div", { class: "xiaoer-msg xiaoer-msg--" + sender, "data-xiaoer": "message", "data-sender": sender });
    var hasContent = false;
    var text = message.text === undefined || message.text === null ? "" : String(message.text);
    if (sender === "notice") {
      node.appendChild(el("span", { class: "xiaoer-notice" }, text));
      return text ? node : null;
    }
    if (sender === "agent") {
      node.appendChild(el("div", { class: "xiaoer-name" }, message.name || t.agent));
    }
    if (text.trim()) {
      node.appendChild(el("div", { class: "xiaoer-bubble" }, text));
      hasContent = true;
    }
    if (safeUrl(message.image)) {
      node.appendChild(renderImage(message.image));
      hasContent = true;
    }
    var custom = message.custom;
    if (custom && custom.type === "product_cards" && Array.isArray(custom.cards) && custom.cards.length) {
      node.appendChild(renderCards(custom.cards));
      hasContent = true;
    }
    var buttons = message.buttons || message.quick_replies;
    if (withButtons && Array.isArray(buttons) && buttons.length) {
      node.appendChild(renderQuickReplies(buttons));
      hasContent = true;
    }
    return hasContent ? node : null;
  }

  function renderImage(src) {
    var image = el("img", { class: "xiaoer-image", src: safeUrl(src), alt: "" });
    image.addEventListener("load", scrollToBottom);
    return image;
  }

  function renderQuickReplies(buttons) {
    var row = el("div", { class: "xiaoer-quick-replies", role: "group" });
    buttons.forEach(function (button) {
      if (!button || (!button.payload && !button.title)) {
        return;
      }
      var title = String(button.title || button.payload);
      var payload = String(button.payload || button.title);
      var node = el("button", { type: "button", class: "xiaoer-quick-reply", "data-xiaoer": "quick-reply", "data-payload": payload }, title);
      node.addEventListener("click", function () {
        row.remove();
        deliver(title, payload);
        ui.input.focus();
      });
      row.appendChild(node);
    });
    return row;
  }

  function renderCards(cards) {
    var row = el("div", { class: "xiaoer-cards" });
    cards.forEach(function (card) {
      if (!card) {
        return;
      }
      var href = safeUrl(card.url);
      var wrapper = el("div", { class: "xiaoer-card", "data-xiaoer": "card" });
      var body = href
        ? el("a", { class: "xiaoer-card-link", href: href, target: "_blank", rel: "noopener" })
        : el("div", { class: "xiaoer-card-link" });
      var name = card.name ? String(card.name) : "";
      if (safeUrl(card.image)) {
        var image = el("img", { class: "xiaoer-card-image", src: safeUrl(card.image), alt: name, loading: "lazy" });
        image.addEventListener("load", scrollToBottom);
        body.appendChild(image);
      } else {
        body.appendChild(el("div", { class: "xiaoer-card-image xiaoer-card-image--empty", "aria-hidden": "true" }));
      }
      body.appendChild(el("div", { class: "xiaoer-card-name" }, name));
      body.appendChild(el("div", { class: "xiaoer-card-price" }, formatPrice(card.price)));
      if (href) {
        body.appendChild(el("span", { class: "xiaoer-card-cta" }, t.viewProduct));
      }
      wrapper.appendChild(body);
      row.appendChild(wrapper);
    });
    return row;
  }

  function removeQuickReplies() {
    var rows = ui.messages.querySelectorAll(".xiaoer-quick-replies");
    for (var i = 0; i < rows.length; i++) {
      rows[i].remove();
    }
  }

  function clearMessages() {
    var nodes = ui.messages.querySelectorAll('[data-xiaoer="message"]');
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].remove();
    }
  }

  /* A notice the server kept in the transcript (an agent joined or left), in the page's language. */
  function noticeText(message) {
    var name = message.name ? String(message.name) : "";
    if (message.notice === "agent_joined") {
      return name ? format(t.agentJoined, { name: name }) : t.agentJoinedAnon;
    }
    if (message.notice === "agent_left") {
      return name ? format(t.agentLeft, { name: name }) : t.agentLeftAnon;
    }
    return message.text;
  }

  /* The shop's greeting comes first in every conversation; its quick replies stay until the
     buyer has written. */
  function renderWelcome(withButtons) {
    var welcome = state.welcome;
    if (welcome && typeof welcome.text === "string" && welcome.text) {
      var node = appendMessage({ sender: "bot", text: welcome.text, buttons: welcome.buttons }, withButtons);
      if (node) {
        node.setAttribute("data-welcome", "true");
      }
    }
  }

  function renderHistory(messages) {
    var lastBuyer = -1;
    var payloadTitles = {};
    state.history = { ids: {}, buyer: [] };
    messages.forEach(function (message, index) {
      if (message && message.sender === "buyer") {
        lastBuyer = index;
      }
    });
    clearMessages();
    renderWelcome(lastBuyer === -1);
    ((state.welcome && state.welcome.buttons) || []).forEach(function (button) {
      if (button && button.payload && button.title) {
        payloadTitles[button.payload] = button.title;
      }
    });
    messages.forEach(function (message, index) {
      if (!message) {
        return;
      }
      var shown = message;
      if (message.sender === "notice") {
        shown = { sender: "notice", text: noticeText(message) };
      }
      var buttons = message.buttons || message.quick_replies;
      if (Array.isArray(buttons)) {
        buttons.forEach(function (button) {
          if (button && button.payload && button.title) {
            payloadTitles[button.payload] = button.title;
          }
        });
      }
      if (message.sender === "buyer" && Object.prototype.hasOwnProperty.call(payloadTitles, message.text)) {
        shown = { sender: "buyer", text: payloadTitles[message.text] };
      }
      if (message.sender === "buyer") {
        if (typeof message.message_id === "string") {
          state.history.ids[message.message_id] = true;
        }
        state.history.buyer.push({ text: String(shown.text), at: Number(message.timestamp) || 0 });
      }
      appendMessage(shown, index > lastBuyer);
    });
  }

  function setTyping(on) {
    clearTimeout(state.typingTimer);
    state.typingOn = on;
    ui.typing.hidden = !on;
    if (on) {
      ui.messages.appendChild(ui.typing);
      scrollToBottom();
      state.typingTimer = setTimeout(function () {
        setTyping(false);
      }, TYPING_TIMEOUT_MS);
    }
  }

  function renderUnread() {
    var count = state.unread > 99 ? "99+" : String(state.unread);
    ui.badge.hidden = state.unread === 0;
    ui.badge.textContent = state.unread ? count : "";
    var label = state.open ? t.closeChat : t.openChat;
    ui.launcher.setAttribute("aria-label", state.unread ? label + " (" + format(t.unread, { n: count }) + ")" : label);
    var title = document.title;
    if (state.titlePrefix && title.indexOf(state.titlePrefix) === 0) {
      title = title.slice(state.titlePrefix.length);
    }
    state.titlePrefix = state.unread ? "(" + count + ") " : "";
    if (document.title !== state.titlePrefix + title) {
      document.title = state.titlePrefix + title;
    }
  }

  function receivedWhileClosed() {
    if (!state.open) {
      state.unread += 1;
      renderUnread();
    }
  }

  function open(focusInput) {
    state.open = true;
    state.unread = 0;
    ui.panel.hidden = false;
    ui.root.setAttribute("data-open", "true");
    ui.launcher.setAttribute("aria-expanded", "true");
    writeStorage("sessionStorage", OPEN_KEY, "1");
    renderUnread();
    scrollToBottom();
    if (focusInput) {
      state.focusPending = ui.root.hidden;
      ui.input.focus();
    }
  }

  function close() {
    state.open = false;
    ui.panel.hidden = true;
    ui.root.setAttribute("data-open", "false");
    ui.launcher.setAttribute("aria-expanded", "false");
    writeStorage("sessionStorage", OPEN_KEY, "0");
    renderUnread();
  }

  /* Send typed text (or text given to XiaoerWidget.send). Refused, with a notice, when empty or
     over the limit: never cut. */
  function send(text, fromInput) {
    var message = String(text === undefined || text === null ? "" : text).trim();
    if (!message) {
      return false;
    }
    var count = charCount(message);
    if (count > state.maxChars) {
      notice(format(t.tooLong, { n: count, max: state.maxChars }));
      if (fromInput) {
        renderCounter();
      }
      return false;
    }
    deliver(message, message);
    return true;
  }

  /* A new buyer message: kept in the pending store until the server acknowledges it. */
  function deliver(display, payload) {
    removeQuickReplies();
    var item = {
      id: randomHex(16), text: payload, display: display, at: Date.now(), sent: false,
      tab: state.tab, owner: owner()
    };
    if (!state.confirmed) {
      state.early[item.id] = true;
    }
    addPending(item);
    showPending(item);
    if (state.rateQueue.length && canSend()) {
      enqueue(item.id);
      setStatus(item.id, "sending");
      nextInQueue();
    } else if (canSend()) {
      emitItem(item);
    } else {
      setStatus(item.id, state.offline ? "failed" : "sending");
      if (!state.offline) {
        armAckTimer(item.id);
      }
    }
  }

  function canSend() {
    return Boolean(state.ready && state.socket && state.socket.connected);
  }

  function view(id) {
    if (!state.views[id]) {
      state.views[id] = { item: null, node: null, hidden: false, status: null, ackTimer: null, adoptTimer: null, sentOn: 0 };
    }
    return state.views[id];
  }

  function stopTimers(id) {
    var v = state.views[id];
    if (v) {
      clearTimeout(v.ackTimer);
      clearTimeout(v.adoptTimer);
      v.ackTimer = v.adoptTimer = null;
    }
  }

  function forget(id) {
    stopTimers(id);
    delete state.views[id];
  }

  function showPending(item) {
    var v = view(item.id);
    v.item = item;
    v.hidden = false;
    if (v.node && v.node.parentNode) {
      return v.node;
    }
    v.node = appendMessage({ sender: "buyer", text: item.display }, false);
    if (v.node) {
      v.node.setAttribute("data-message-id", item.id);
      if (v.status) {
        setStatus(item.id, v.status);
      }
    }
    return v.node;
  }

  function setStatus(id, status) {
    var v = view(id);
    v.status = status;
    var node = v.node;
    if (!node) {
      return;
    }
    var mark = node.querySelector('[data-xiaoer="status"]');
    if (!status || status === "received") {
      if (status) {
        node.setAttribute("data-status", status);
      } else {
        node.removeAttribute("data-status");
      }
      if (mark) {
        mark.remove();
      }
      return;
    }
    var text = { sending: t.sending, failed: t.notDelivered, rejected: t.notSent }[status];
    if (!mark) {
      mark = el("span", { class: "xiaoer-status", "data-xiaoer": "status" });
      node.appendChild(mark);
    }
    mark.textContent = text;
    mark.setAttribute("data-status", status);
    node.setAttribute("data-status", status);
  }

  /* No acknowledgement within ACK_WAIT_MS: "not delivered" (still pending, resent after the
     next reconnect). While the bot is visibly typing the turn is still running: wait longer. */
  function armAckTimer(id) {
    var v = view(id);
    clearTimeout(v.ackTimer);
    v.ackTimer = setTimeout(function () {
      v.ackTimer = null;
      if (!findPending(id)) {
        return;
      }
      if (state.typingOn && canSend()) {
        armAckTimer(id);
      } else {
        reveal(id);
        setStatus(id, "failed");
        if (state.rateHead === id) {
          /* a queue never waits on a lost ack: this one goes again after the next reconnect */
          state.rateHead = null;
          state.rateQueue.splice(state.rateQueue.indexOf(id), 1);
          nextInQueue();
        }
      }
    }, ACK_WAIT_MS);
  }

  function emitItem(item) {
    var v = view(item.id);
    var retry = item.sent;
    if (!item.sent) {
      item.sent = true;
      updatePending(item.id, { sent: true });
    }
    clearTimeout(v.adoptTimer);
    v.sentOn = state.connection;
    var data = { message: item.text, message_id: item.id, retry: retry };
    if (item.display !== item.text) {
      data.display = item.display;
    }
    if (config.product) {
      data.page_product = config.product;
    }
    state.socket.emit("user_uttered", data);
    setStatus(item.id, "sending");
    armAckTimer(item.id);
  }

  /* After (re)connecting: every pending message of this session not yet sent on this
     connection goes (again) once, in order. Another tab's young message is left to that tab
     for ACK_WAIT_MS (it may still be in flight) and adopted afterwards. */
  function flushPending() {
    loadPending(state.sessionId).forEach(function (item) {
      if (state.done[item.id]) {
        removePending(item.id);
        return;
      }
      var v = view(item.id);
      if (v.sentOn === state.connection || state.rateQueue.indexOf(item.id) !== -1) {
        return;
      }
      if (!v.hidden) {
        showPending(item);
      }
      var age = Date.now() - item.at;
      if (item.tab && item.tab !== state.tab && age >= 0 && age < ACK_WAIT_MS) {
        setStatus(item.id, "sending");
        clearTimeout(v.adoptTimer);
        v.adoptTimer = setTimeout(function () {
          v.adoptTimer = null;
          var still = findPending(item.id);
          if (still && canSend() && v.sentOn !== state.connection) {
            emitItem(still);
          }
        }, ACK_WAIT_MS - age);
        return;
      }
      emitItem(item);
    });
  }

  /* The pending messages drawn again at the end after the history; a message the transcript
     already holds (same message_id) is done. */
  function renderPending() {
    var list = loadPending(state.sessionId);
    var listed = {};
    var shown = false;
    list.forEach(function (item) {
      listed[item.id] = true;
    });
    Object.keys(state.views).forEach(function (id) {
      if (!listed[id]) {
        forget(id);
      }
    });
    list.forEach(function (item) {
      if (state.done[item.id] || state.history.ids[item.id]) {
        state.done[item.id] = true;
        removePending(item.id);
        forget(item.id);
        return;
      }
      var v = view(item.id);
      v.node = null;
      v.item = item;
      clearTimeout(v.ackTimer);
      v.ackTimer = null;
      if (!state.offline && historyHolds(item.id, item)) {
        /* Probably answered already (its ack was lost): not drawn twice while the retry
           asks the server; shown after all if the server had not taken it. */
        v.hidden = true;
        v.status = "sending";
        return;
      }
      showPending(item);
      setStatus(item.id, state.offline ? "failed" : "sending");
      shown = true;
    });
    if (shown) {
      removeQuickReplies();
    }
  }

  /* Before the first connection: this browser's pending messages for the stored session, but
     only those typed by the same buyer the page is for (a shared computer shows nobody else's). */
  function renderStoredPending() {
    loadPending(state.sessionId).forEach(function (item) {
      if (item.owner === owner()) {
        showPending(item);
        setStatus(item.id, "sending");
        armAckTimer(item.id);
      }
    });
  }

  /* A hidden pending message (see renderPending) is drawn after all. */
  function reveal(id) {
    var v = state.views[id];
    if (v && v.hidden && v.item) {
      showPending(v.item);
    }
  }

  function markAllUndelivered() {
    clearQueue();
    Object.keys(state.views).forEach(function (id) {
      var v = state.views[id];
      reveal(id);
      if (v.status === "sending" || v.status === "received" || v.status === "failed") {
        clearTimeout(v.ackTimer);
        clearTimeout(v.adoptTimer);
        v.ackTimer = v.adoptTimer = null;
        v.sentOn = 0;
        setStatus(id, "failed");
      }
    });
  }

  /* Did the history just drawn already hold this message (its ack was lost)? By message_id
     when the server sends it, else by the same text within DUPLICATE_WINDOW_S of its sending. */
  function historyHolds(id, item) {
    /* item: a pending item or a view (both have display and at) */
    if (state.history.ids[id]) {
      return true;
    }
    if (!item || !item.display) {
      return false;
    }
    var since = (item.at || 0) / 1000 - DUPLICATE_WINDOW_S;
    return state.history.buyer.some(function (entry) {
      return entry.text === item.display && (!entry.at || entry.at >= since);
    });
  }

  function onAck(data) {
    var id = data && typeof data.message_id === "string" ? data.message_id : "";
    if (!id) {
      return;
    }
    var item = findPending(id);
    state.done[id] = true;
    removePending(id);
    leaveQueue(id);
    var v = state.views[id];
    stopTimers(id);
    if (!v) {
      return;
    }
    if (data.duplicate === true && (v.hidden || (v.node && historyHolds(id, item || v.item)))) {
      if (v.node) {
        v.node.remove();
      }
      forget(id);
      return;
    }
    reveal(id);
    setStatus(id, null);
  }

  function onRejected(data) {
    var id = data && typeof data.message_id === "string" ? data.message_id : "";
    if (data && data.max_chars) {
      setMaxChars(data.max_chars);
    }
    var item = id ? findPending(id) : null;
    if (id) {
      state.done[id] = true;
      removePending(id);
      leaveQueue(id);
      stopTimers(id);
      if (state.views[id]) {
        reveal(id);
        setStatus(id, "rejected");
      }
    }
    if (data && typeof data.text === "string" && data.text.trim()) {
      notice(data.text);
    }
    if (item && item.text === item.display && !ui.input.value.trim()) {
      ui.input.value = item.text;
      onInputChange();
    }
  }

  /* Not processed: stays pending and goes again by itself after retry_after seconds. Waiting
     messages form a queue in the order they were typed and go one at a time (the next one when
     the previous is acknowledged), so the bot reads them in order; what the buyer types
     meanwhile joins the queue. */
  function onRateLimited(data) {
    var seconds = Math.max(1, Math.ceil(Number(data && data.retry_after)) || 1);
    var now = Date.now();
    if (now - state.rateNoticeAt > RATE_NOTICE_GAP_MS) {
      state.rateNoticeAt = now;
      notice(format(t.rateLimited, { n: seconds }));
    }
    var id = data && typeof data.message_id === "string" ? data.message_id : "";
    if (!id || !findPending(id)) {
      return;
    }
    var v = view(id);
    stopTimers(id);
    v.sentOn = 0;
    setStatus(id, "sending");
    if (state.rateHead === id) {
      state.rateHead = null;
    }
    enqueue(id);
    clearTimeout(state.rateTimer);
    state.rateTimer = setTimeout(function () {
      state.rateTimer = null;
      nextInQueue();
    }, Math.max(250, (Number(data.retry_after) || 1) * 1000));
  }

  function enqueue(id) {
    if (state.rateQueue.indexOf(id) !== -1) {
      return;
    }
    var order = loadPending(state.sessionId).map(function (item) {
      return item.id;
    });
    state.rateQueue.push(id);
    state.rateQueue.sort(function (a, b) {
      return order.indexOf(a) - order.indexOf(b);
    });
  }

  function nextInQueue() {
    if (state.rateTimer || state.rateHead || !canSend()) {
      return;
    }
    while (state.rateQueue.length) {
      var item = findPending(state.rateQueue[0]);
      if (item) {
        state.rateHead = item.id;
        emitItem(item);
        return;
      }
      state.rateQueue.shift();
    }
  }

  /* The message at the head of the queue is done (acknowledged or refused): the next one goes. */
  function leaveQueue(id) {
    var at = state.rateQueue.indexOf(id);
    if (at !== -1) {
      state.rateQueue.splice(at, 1);
    }
    if (state.rateHead === id) {
      state.rateHead = null;
      nextInQueue();
    }
  }

  function clearQueue() {
    clearTimeout(state.rateTimer);
    state.rateTimer = null;
    state.rateHead = null;
    state.rateQueue = [];
  }

  /* Another tab of this session changed the pending list: what it took off (acknowledged there)
     is done here too. If that tab moved to another conversation and dropped this one's list,
     nothing was acknowledged: this tab puts its own unacknowledged messages back. */
  function onStorage(event) {
    if (event.key !== pendingKey(state.sessionId)) {
      return;
    }
    if (readStorage("localStorage", SESSION_KEY) !== state.sessionId) {
      var list = loadPending(state.sessionId);
      Object.keys(state.views).forEach(function (id) {
        var v = state.views[id];
        var waiting = v.status === "sending" || v.status === "received" || v.status === "failed";
        if (waiting && v.item && v.item.tab === state.tab && !list.some(function (item) { return item.id === id; })) {
          list.push(v.item);
        }
      });
      savePending(state.sessionId, list);
      return;
    }
    var present = {};
    loadPending(state.sessionId).forEach(function (item) {
      present[item.id] = true;
    });
    Object.keys(state.views).forEach(function (id) {
      var v = state.views[id];
      if (!present[id] && (v.status === "sending" || v.status === "received" || v.status === "failed")) {
        state.done[id] = true;
        stopTimers(id);
        leaveQueue(id);
        if (v.hidden) {
          forget(id);
        } else {
          setStatus(id, null);
        }
      }
    });
  }

  function markReady() {
    clearTimeout(state.historyTimer);
    if (state.ready) {
      return;
    }
    state.ready = true;
    if (state.reconnecting) {
      state.reconnecting = false;
      notice(t.connectionBack);
    }
    state.lostShown = false;
    state.unavailableShown = false;
    flushPending();
  }

  function onConnect() {
    state.ready = false;
    state.offline = false;
    state.everConnected = true;
    state.requestedId = state.sessionId || null;
    state.socket.emit("session_request", {
      session_id: state.requestedId,
      language: config.language,
      identity: config.identity,
      tab: state.tab
    });
  }

  function onDisconnect(reason) {
    clearTimeout(state.historyTimer);
    state.ready = false;
    state.offline = true;
    setTyping(false);
    markAllUndelivered();
    if (reason === "io client disconnect") {
      return;
    }
    state.reconnecting = true;
    if (!state.lostShown) {
      state.lostShown = true;
      notice(t.connectionLost);
    }
  }

  function onConnectError() {
    state.offline = true;
    markAllUndelivered();
    if (!state.everConnected && !state.unavailableShown) {
      state.unavailableShown = true;
      notice(t.unavailable);
    }
  }

  /* The server may answer with another session than the one asked for (another buyer signed
     in, the buyer signed out, an unknown id): the old session's pending messages are dropped,
     never sent into this conversation. Only what was typed on this page before the first
     confirmation (and, for a browser that had no session, this same page owner's earlier
     messages) goes along into the new one. */
  function onSessionConfirm(data) {
    data = data || {};
    var requested = state.requestedId;
    var confirmed = typeof data.session_id === "string" && data.session_id ? data.session_id : requested;
    if (confirmed && confirmed !== requested) {
      var carried = [];
      var dropped = 0;
      loadPending(requested).forEach(function (item) {
        if (state.early[item.id] || (!requested && item.owner === owner())) {
          carried.push(item);
        } else {
          dropped += 1;
          var v = state.views[item.id];
          if (v && v.node) {
            v.node.remove();
          }
          forget(item.id);
        }
      });
      writeStorage("localStorage", SESSION_KEY, confirmed);
      savePending(requested, []);
      var target = loadPending(confirmed);
      carried.forEach(function (item) {
        if (!target.some(function (other) { return other.id === item.id; })) {
          target.push(item);
        }
      });
      savePending(confirmed, target);
      state.dropped += dropped;
    }
    if (confirmed) {
      state.sessionId = confirmed;
      writeStorage("localStorage", SESSION_KEY, confirmed);
    }
    state.confirmed = true;
    state.early = {};
    state.connection += 1;
    if (data.max_chars) {
      setMaxChars(data.max_chars);
    }
    if (data.welcome && typeof data.welcome.text === "string") {
      state.welcome = { text: data.welcome.text, buttons: Array.isArray(data.welcome.buttons) ? data.welcome.buttons : [] };
    }
    if (!config.title && typeof data.title === "string" && data.title.trim()) {
      ui.title.textContent = data.title.trim();
      ui.panel.setAttribute("aria-label", data.title.trim());
    }
    clearTimeout(state.historyTimer);
    state.historyTimer = setTimeout(markReady, HISTORY_WAIT_MS);
  }

  function onHistory(data) {
    renderHistory(data && Array.isArray(data.messages) ? data.messages : []);
    if (state.reconnecting) {
      state.reconnecting = false;
      notice(t.connectionBack);
    }
    if (state.dropped) {
      notice(format(t.droppedOld, { n: state.dropped }));
      state.dropped = 0;
    }
    renderPending();
    markReady();
  }

  /* A reply on this connection shows the oldest message in flight was received: its "sending"
     mark goes (it stays pending until the ack; without one it is marked again and resent). */
  function replyArrived() {
    var ids = Object.keys(state.views);
    for (var i = 0; i < ids.length; i++) {
      var v = state.views[ids[i]];
      if (v.status === "sending" && !v.hidden && v.sentOn === state.connection && state.ready) {
        setStatus(ids[i], "received");
        return;
      }
    }
  }

  function onBotUttered(data) {
    if (!data) {
      return;
    }
    setTyping(false);
    replyArrived();
    var node = appendMessage({ sender: "bot", text: data.text, buttons: data.buttons || data.quick_replies, image: data.image, custom: data.custom });
    if (node) {
      receivedWhileClosed();
    }
  }

  function onAgentUttered(data) {
    if (!data) {
      return;
    }
    setTyping(false);
    replyArrived();
    if (appendMessage({ sender: "agent", text: data.text, name: data.name })) {
      receivedWhileClosed();
    }
  }

  function onAgentChange(joined) {
    return function (data) {
      var name = data && data.name ? String(data.name) : "";
      if (joined) {
        notice(name ? format(t.agentJoined, { name: name }) : t.agentJoinedAnon);
      } else {
        notice(name ? format(t.agentLeft, { name: name }) : t.agentLeftAnon);
      }
    };
  }

  function connect() {
    var socket = window.io(config.server, { path: "/socket.io", transports: ["websocket", "polling"] });
    state.socket = socket;
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("connect_error", onConnectError);
    socket.on("session_confirm", onSessionConfirm);
    socket.on("history", onHistory);
    socket.on("bot_uttered", onBotUttered);
    socket.on("agent_uttered", onAgentUttered);
    socket.on("agent_joined", onAgentChange(true));
    socket.on("agent_left", onAgentChange(false));
    socket.on("rate_limited", onRateLimited);
    socket.on("ack", onAck);
    socket.on("rejected", onRejected);
    socket.on("typing", function (data) {
      setTyping(Boolean(data && data.on));
    });
  }

  function loadCss() {
    var shown = false;
    function show() {
      if (!shown) {
        shown = true;
        ui.root.hidden = false;
        scrollToBottom();
        if (state.open && state.focusPending) {
          ui.input.focus();
        }
      }
    }
    var href = config.server + "/widget/widget.css";
    if (document.querySelector("link[data-xiaoer-css]")) {
      show();
      return;
    }
    var link = el("link", { rel: "stylesheet", href: href, "data-xiaoer-css": "" });
    link.addEventListener("load", show);
    link.addEventListener("error", show);
    setTimeout(show, CSS_WAIT_MS);
    document.head.appendChild(link);
  }

  function loadSocketIo() {
    if (typeof window.io === "function") {
      connect();
      return;
    }
    var loader = el("script", { src: config.server + "/widget/socket.io.min.js", async: "" });
    loader.addEventListener("load", function () {
      if (typeof window.io === "function") {
        connect();
      } else {
        onConnectError();
      }
    });
    loader.addEventListener("error", onConnectError);
    document.head.appendChild(loader);
  }

  function start() {
    buildUi();
    bindUi();
    loadCss();
    if (readStorage("sessionStorage", OPEN_KEY) === "1") {
      open(false);
    }
    renderStoredPending();
    loadSocketIo();
  }

  if (document.body) {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
