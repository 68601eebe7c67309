/* Xiaoer (小二) buyer chat widget: plain JavaScript, no build step. Contract: docs/widget.md. */
(function () {
  "use strict";
  if (window.XiaoerWidget) {
    return;
  }

  var SESSION_KEY = "xiaoer.session";
  var OPEN_KEY = "xiaoer.open";
  var MAX_LENGTH = 2000;
  var HISTORY_WAIT_MS = 3000;
  var TYPING_TIMEOUT_MS = 30000;
  var CSS_WAIT_MS = 3000;
  var ICONS = {
    chat: "M4 5h16v11H9l-5 4z M8 10h.01 M12 10h.01 M16 10h.01",
    chevron: "M6 9l6 6 6-6",
    minimise: "M5 12h14"
  };

  var STRINGS = {
    zh: {
      title: "小二客服",
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
      rateLimited: "发送太频繁啦，请 {n} 秒后再试",
      viewProduct: "查看商品"
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
      rateLimited: "Too many messages; please try again in {n} s",
      viewProduct: "View product"
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
    ready: false,
    outbox: [],
    everConnected: false,
    reconnecting: false,
    lostShown: false,
    unavailableShown: false,
    historyTimer: null,
    typingTimer: null,
    focusPending: false
  };
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
    header.appendChild(el("div", { class: "xiaoer-title" }, title));
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
      class: "xiaoer-input", "data-xiaoer": "input", rows: "1", maxlength: String(MAX_LENGTH),
      placeholder: t.placeholder, "aria-label": t.placeholder, enterkeyhint: "send"
    });
    ui.send = el("button", { type: "submit", class: "xiaoer-send", "data-xiaoer": "send" }, t.send);
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
    ui.input.addEventListener("input", growInput);
  }

  function growInput() {
    ui.input.style.height = "auto";
    ui.input.style.height = Math.min(ui.input.scrollHeight, 120) + "px";
  }

  function submitInput() {
    if (send(ui.input.value)) {
      ui.input.value = "";
      growInput();
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

  function notice(text) {
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
        appendMessage({ sender: "buyer", text: title });
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

  function renderHistory(messages) {
    var lastBuyer = -1;
    var payloadTitles = {};
    messages.forEach(function (message, index) {
      if (message && message.sender === "buyer") {
        lastBuyer = index;
      }
    });
    clearMessages();
    messages.forEach(function (message, index) {
      if (!message) {
        return;
      }
      var shown = message;
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
      appendMessage(shown, index > lastBuyer);
    });
  }

  function setTyping(on) {
    clearTimeout(state.typingTimer);
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

  function send(text) {
    var message = String(text === undefined || text === null ? "" : text).trim().slice(0, MAX_LENGTH);
    if (!message) {
      return false;
    }
    appendMessage({ sender: "buyer", text: message });
    deliver(message, message);
    return true;
  }

  function deliver(display, payload) {
    removeQuickReplies();
    if (state.ready && state.socket) {
      emitUttered({ display: display, payload: payload });
    } else {
      state.outbox.push({ display: display, payload: payload });
    }
  }

  function emitUttered(item) {
    var data = { session_id: state.sessionId, message: item.payload };
    if (item.display !== item.payload) {
      data.display = item.display;
    }
    state.socket.emit("user_uttered", data);
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
    var pending = state.outbox;
    state.outbox = [];
    pending.forEach(emitUttered);
  }

  function onConnect() {
    state.ready = false;
    state.everConnected = true;
    state.socket.emit("session_request", {
      session_id: state.sessionId || null,
      language: config.language,
      identity: config.identity
    });
  }

  function onDisconnect(reason) {
    clearTimeout(state.historyTimer);
    state.ready = false;
    setTyping(false);
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
    if (!state.everConnected && !state.unavailableShown) {
      state.unavailableShown = true;
      notice(t.unavailable);
    }
  }

  function onSessionConfirm(data) {
    if (data && typeof data.session_id === "string" && data.session_id) {
      state.sessionId = data.session_id;
      writeStorage("localStorage", SESSION_KEY, data.session_id);
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
    if (state.outbox.length) {
      removeQuickReplies();
    }
    state.outbox.forEach(function (item) {
      appendMessage({ sender: "buyer", text: item.display });
    });
    markReady();
  }

  function onBotUttered(data) {
    if (!data) {
      return;
    }
    setTyping(false);
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

  function onRateLimited(data) {
    var seconds = Math.max(1, Math.ceil(Number(data && data.retry_after)) || 1);
    notice(format(t.rateLimited, { n: seconds }));
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
    loadSocketIo();
  }

  if (document.body) {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
