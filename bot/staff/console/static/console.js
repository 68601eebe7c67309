/* Xiaoer (小二) agent console: plain JavaScript, no build step. Contract: docs/console.md.
   Every piece of server data reaches the page through textContent or setAttribute, never innerHTML.
   Every label is t("key"): domain.yml's utter_console_<key> (utter_<key> for label_*) in the agent's
   language, from /console/api/texts; tools/validate.py checks that each key used here exists.
   Times are shown in the shop's time zone (from the same answer), whatever the browser's own. */
(function () {
  "use strict";

  var API = "/console/api";
  var REFRESH_MS = 15000;
  var CLOCK_MS = 1000;
  var FLASH_MS = 1000;
  var TOAST_MS = 5000;
  var SELECTED_KEY = "xiaoer.console.selected";
  var LANGUAGE_KEY = "xiaoer.console.language";
  var LANGUAGES = ["zh", "en"];
  var PRIORITIES = [1, 2, 3];

  var texts = {};
  var formats = {};
  var state = {
    language: "zh",
    loginChoice: null,
    zone: undefined,
    maxReply: 0,
    connected: null,
    agent: null,
    csrf: null,
    waiting: [],
    active: [],
    fetchedAt: 0,
    selected: null,
    unread: {},
    canned: [],
    socket: null,
    watched: {},
    refreshTimer: null,
    clockTimer: null,
    flashTimer: null,
    flashPhase: false,
    toastTimer: null,
    refreshSeq: 0,
    selectSeq: 0,
    audio: null
  };
  var ui = {};

  function hook(name) {
    return document.querySelector('[data-console="' + name + '"]');
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

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  /* ---------- language ---------- */

  /* The text of `key` in the agent's language with its {placeholders} filled (the key itself if
     the catalogue lacks it, which tools/validate.py rules out). */
  function t(key, values) {
    var text = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  /* A label of a stored value ("reason_" + "complaint"), the raw value when there is none. */
  function label(prefix, value) {
    var key = prefix + value;
    return Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : String(value || "");
  }

  function storedLanguage() {
    try {
      var language = window.localStorage.getItem(LANGUAGE_KEY);
      return LANGUAGES.indexOf(language) >= 0 ? language : null;
    } catch (error) {
      return null;
    }
  }

  function loadTexts(language) {
    return api("GET", "/texts?lang=" + encodeURIComponent(language)).then(function (result) {
      if (!result.ok || !result.data.texts) {
        return false;
      }
      texts = result.data.texts;
      formats = {};
      state.language = result.data.language;
      state.zone = result.data.timezone || undefined;
      state.maxReply = Number(result.data.max_reply_chars) || 0;
      try {
        window.localStorage.setItem(LANGUAGE_KEY, state.language);
      } catch (error) {
        /* storage disabled: the login page starts in Chinese */
      }
      applyTexts();
      return true;
    });
  }

  function applyTexts() {
    document.documentElement.lang = state.language === "en" ? "en" : "zh-CN";
    [["data-text", null], ["data-text-placeholder", "placeholder"], ["data-text-aria-label", "aria-label"]].forEach(function (pair) {
      Array.prototype.forEach.call(document.querySelectorAll("[" + pair[0] + "]"), function (node) {
        var text = t(node.getAttribute(pair[0]));
        if (pair[1]) {
          node.setAttribute(pair[1], text);
        } else {
          node.textContent = text;
        }
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll(".language-switch [data-language]"), function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-language") === state.language ? "true" : "false");
    });
    renderTitle();
  }

  /* The agent's own choice: shown at once, kept on the server (and in this browser for the login
     page); one made on the login page is kept on the agent who then logs in. */
  function chooseLanguage(language) {
    if (language === state.language || LANGUAGES.indexOf(language) < 0) {
      return;
    }
    state.loginChoice = state.agent ? null : language;
    loadTexts(language).then(function (loaded) {
      if (loaded && state.agent) {
        rerender();
      }
    });
    if (state.agent) {
      api("POST", "/me/language", { language: language }).then(function (result) {
        if (result.ok && result.data.agent) {
          state.agent.language = result.data.agent.language;
        } else if (result.status !== 401) {
          toast(failure(result, t("language")), "error");
        }
      });
    }
  }

  function rerender() {
    setConnected(state.connected);
    showAgent();
    renderTickets();
    renderCanned();
    if (state.selected) {
      select(state.selected);
    } else {
      showOrdersHint();
    }
  }
  /* Every state-changing call carries the session's CSRF token (from /login or /me); a call refused
     for a stale token (another tab logged in again) fetches the current one and is tried once more. */
  function api(method, path, body, retried) {
    var options = { method: method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    if (method !== "GET" && state.csrf) {
      options.headers["X-CSRF-Token"] = state.csrf;
    }
    return fetch(API + path, options).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try {
          data = text ? JSON.parse(text) : {};
        } catch (error) {
          data = {};
        }
        var result = { ok: response.ok, status: response.status, data: data || {} };
        if (response.status === 403 && result.data.code === "csrf" && !retried && state.agent) {
          return api("GET", "/me").then(function (me) {
            if (me.ok && me.data.csrf_token) {
              state.csrf = me.data.csrf_token;
              return api(method, path, body, true);
            }
            return result;
          });
        }
        if (response.status === 401 && state.agent && path !== "/login") {
          sessionExpired();
        }
        return result;
      });
    }, function () {
      return { ok: false, status: 0, data: {} };
    });
  }

  function toast(text, kind) {
    ui.toast.textContent = text;
    ui.toast.setAttribute("data-kind", kind || "info");
    ui.toast.hidden = false;
    clearTimeout(state.toastTimer);
    state.toastTimer = setTimeout(function () {
      ui.toast.hidden = true;
    }, TOAST_MS);
  }

  function failure(result, fallback) {
    if (result.status === 0) {
      return t("network_error");
    }
    var detail = result.data && (result.data.error || result.data.message || result.data.detail);
    return (typeof detail === "string" && detail) ? t("error_detail", { what: fallback, detail: detail })
      : t("error_status", { what: fallback, status: result.status });
  }

  /* ---------- time ---------- */

  function parseTime(value) {
    if (value === null || value === undefined || value === "") {
      return null;
    }
    if (typeof value === "number") {
      return new Date(value < 1e12 ? value * 1000 : value);
    }
    var date = new Date(String(value));
    return isNaN(date.getTime()) ? null : date;
  }

  /* A formatter in the agent's language and the shop's time zone (the browser's zone never counts). */
  function format(name, options) {
    if (!formats[name]) {
      var locale = state.language === "en" ? "en-US" : "zh-CN";
      try {
        formats[name] = new Intl.DateTimeFormat(locale, Object.assign({ timeZone: state.zone }, options));
      } catch (error) {
        formats[name] = new Intl.DateTimeFormat(locale, options);
      }
    }
    return formats[name];
  }

  /* "14:05" today (the shop's today), "11月22日 14:05" / "Nov 22 14:05" on another day. */
  function clock(value) {
    var date = parseTime(value);
    if (!date) {
      return "";
    }
    var time = format("time", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
    var day = format("day", { year: "numeric", month: "2-digit", day: "2-digit" });
    if (day.format(date) === day.format(new Date())) {
      return time;
    }
    return format("date", { month: "short", day: "numeric" }).format(date) + " " + time;
  }

  function duration(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    if (seconds < 60) {
      return t("duration_seconds", { n: seconds });
    }
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) {
      return t("duration_minutes", { n: minutes });
    }
    var hours = Math.floor(minutes / 60);
    return minutes % 60 ? t("duration_hours_minutes", { h: hours, m: minutes % 60 }) : t("duration_hours", { h: hours });
  }

  function waitingSeconds(ticket) {
    var elapsed = (Date.now() - state.fetchedAt) / 1000;
    if (typeof ticket.waiting_seconds === "number") {
      return ticket.waiting_seconds + elapsed;
    }
    var created = parseTime(ticket.created_at);
    return created ? (Date.now() - created.getTime()) / 1000 : 0;
  }

  function tickClock() {
    var all = state.waiting;
    Array.prototype.forEach.call(ui.queue.querySelectorAll("[data-wait-for]"), function (node) {
      var id = node.getAttribute("data-wait-for");
      for (var i = 0; i < all.length; i++) {
        if (String(all[i].id) === id) {
          node.textContent = t("waited", { time: duration(waitingSeconds(all[i])) });
          return;
        }
      }
    });
  }

  /* ---------- sound and title ---------- */

  function unlockAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) {
      return;
    }
    try {
      if (!state.audio) {
        state.audio = new Context();
      }
      if (state.audio.state === "suspended") {
        state.audio.resume();
      }
    } catch (error) {
      state.audio = null;
    }
  }

  function beep(frequencies) {
    unlockAudio();
    var audio = state.audio;
    if (!audio) {
      return;
    }
    try {
      var start = audio.currentTime + 0.02;
      frequencies.forEach(function (frequency, index) {
        var at = start + index * 0.22;
        var oscillator = audio.createOscillator();
        var gain = audio.createGain();
        oscillator.type = "sine";
        oscillator.frequency.setValueAtTime(frequency, at);
        gain.gain.setValueAtTime(0.0001, at);
        gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.18);
        oscillator.connect(gain);
        gain.connect(audio.destination);
        oscillator.start(at);
        oscillator.stop(at + 0.2);
      });
    } catch (error) {
      /* no sound card in this browser: the title still flashes */
    }
  }

  function baseTitle() {
    return state.waiting.length ? "(" + state.waiting.length + ") " + t("title") : t("title");
  }

  function renderTitle() {
    document.title = state.flashTimer ? t(state.flashPhase ? "flash_on" : "flash_off") + baseTitle() : baseTitle();
  }

  function startFlash() {
    state.flashPhase = true;
    if (!state.flashTimer) {
      state.flashTimer = setInterval(function () {
        state.flashPhase = !state.flashPhase;
        renderTitle();
      }, FLASH_MS);
    }
    renderTitle();
  }

  function stopFlash() {
    if (state.flashTimer) {
      clearInterval(state.flashTimer);
      state.flashTimer = null;
      renderTitle();
    }
  }

  /* ---------- login ---------- */

  function showLogin(message) {
    ui.app.hidden = true;
    ui.loginView.hidden = false;
    ui.loginError.hidden = !message;
    ui.loginError.textContent = message || "";
    ui.login.disabled = false;
    renderTitle();
    ui.username.focus();
  }

  function submitLogin(event) {
    event.preventDefault();
    unlockAudio();
    var username = ui.username.value.trim();
    var password = ui.password.value;
    if (!username || !password) {
      showLogin(t("login_missing"));
      return;
    }
    ui.login.disabled = true;
    api("POST", "/login", { username: username, password: password }).then(function (result) {
      ui.login.disabled = false;
      if (result.ok && result.data.agent) {
        ui.password.value = "";
        state.csrf = result.data.csrf_token || null;
        startInLanguage(result.data.agent);
      } else if (result.status === 429) {
        var wait = Math.max(1, Math.ceil((Number(result.data.retry_after) || 60) / 60));
        showLogin(t("login_locked", { n: wait }));
        ui.password.value = "";
      } else if (result.status === 401) {
        showLogin(t("login_wrong"));
        ui.password.value = "";
        ui.password.focus();
      } else {
        showLogin(failure(result, t("login_failed")));
      }
    });
  }

  function logout() {
    api("POST", "/logout").then(function () {
      stopApp();
      showLogin("");
    });
  }

  function sessionExpired() {
    stopApp();
    showLogin(t("session_expired"));
  }

  function agentLabel(agent) {
    if (!agent) {
      return "";
    }
    if (typeof agent === "string") {
      return agent;
    }
    return agent.name || agent.username || "";
  }

  function isMine(ticket) {
    var agent = ticket.agent;
    var username = agent && typeof agent === "object" ? agent.username : agent;
    return !!state.agent && (username === state.agent.username || username === state.agent.name);
  }

  /* The console in the agent's own language (switching texts first if this browser had another). */
  function startInLanguage(agent) {
    if (state.loginChoice && state.loginChoice !== agent.language) {
      agent.language = state.loginChoice;
      api("POST", "/me/language", { language: agent.language });
    }
    state.loginChoice = null;
    var language = LANGUAGES.indexOf(agent.language) >= 0 ? agent.language : "zh";
    (language === state.language ? Promise.resolve(true) : loadTexts(language)).then(function () {
      startApp(agent);
    });
  }

  function showAgent() {
    var agent = state.agent;
    ui.agentName.textContent = agent ? agentLabel(agent) + (agent.role === "admin" ? t("admin_suffix") : "") : "";
  }

  function startApp(agent) {
    state.agent = agent;
    ui.loginView.hidden = true;
    ui.app.hidden = false;
    showAgent();
    showOrdersHint();
    connectSocket();
    refreshTickets();
    loadCanned();
    clearInterval(state.refreshTimer);
    clearInterval(state.clockTimer);
    state.refreshTimer = setInterval(refreshTickets, REFRESH_MS);
    state.clockTimer = setInterval(tickClock, CLOCK_MS);
  }

  function stopApp() {
    state.agent = null;
    state.csrf = null;
    clearInterval(state.refreshTimer);
    clearInterval(state.clockTimer);
    stopFlash();
    if (state.socket) {
      state.socket.off();
      state.socket.disconnect();
      state.socket = null;
    }
    state.waiting = [];
    state.active = [];
    state.unread = {};
    deselect();
    clear(ui.queue);
    clear(ui.mine);
  }

  /* ---------- socket ---------- */

  /* null: connecting, true: live, false: down (the queue is polled). */
  function setConnected(connected) {
    state.connected = connected;
    ui.connection.setAttribute("data-connected", connected ? "true" : "false");
    ui.connection.textContent = t(connected === null ? "connecting" : connected ? "connected" : "disconnected");
  }

  function connectSocket() {
    if (typeof window.io !== "function") {
      setConnected(false);
      return;
    }
    setConnected(null);
    var socket = window.io("/console", { path: "/socket.io", transports: ["websocket", "polling"] });
    state.socket = socket;
    socket.on("connect", function () {
      state.watched = {};
      setConnected(true);
      refreshTickets();
    });
    socket.on("disconnect", function () {
      state.watched = {};
      setConnected(false);
    });
    socket.on("connect_error", function () {
      setConnected(false);
    });
    socket.on("ticket_created", onTicketCreated);
    socket.on("ticket_updated", onTicketUpdated);
    socket.on("buyer_message", onBuyerMessage);
  }

  /* The server sends a chat's buyer_message events only to consoles that asked to watch that ticket. */
  function watch(ticket) {
    var socket = state.socket;
    if (ticket && socket && socket.connected && !state.watched[ticket.id]) {
      state.watched[ticket.id] = true;
      socket.emit("watch", { ticket_id: ticket.id });
    }
  }

  function onTicketCreated() {
    beep([880, 1175]);
    startFlash();
    refreshTickets();
  }

  function onTicketUpdated(data) {
    var ticket = data && data.ticket;
    var selected = state.selected;
    /* A claim or an end stops every console's live watch of that chat on the server: ask again
       (the server lets in only the agent serving it and admins). */
    state.watched = {};
    if (ticket && selected && String(ticket.id) === String(selected.id)) {
      Object.assign(selected, ticket);
      if (ticket.state !== "active") {
        endChat(t(ticket.state === "closed" ? "chat_closed" : "chat_returned"));
      } else if (!isMine(ticket) && state.agent.role !== "admin") {
        endChat(t("chat_transferred", { name: agentLabel(ticket.agent) }));
      }
    }
    refreshTickets();
  }

  function onBuyerMessage(data) {
    if (!data) {
      return;
    }
    var selected = state.selected;
    var message = { sender: "buyer", text: data.text, timestamp: data.timestamp };
    if (selected && (String(data.ticket_id) === String(selected.id) ||
        (data.conversation_id && data.conversation_id === selected.conversation_id))) {
      appendMessage(message);
      return;
    }
    var ticket = findTicket(state.active, data.ticket_id, data.conversation_id);
    if (ticket) {
      state.unread[ticket.id] = (state.unread[ticket.id] || 0) + 1;
      ticket.summary = data.text;
      renderTickets();
      beep([660]);
    }
  }

  function findTicket(list, id, conversationId) {
    for (var i = 0; i < list.length; i++) {
      if (String(list[i].id) === String(id) || (conversationId && list[i].conversation_id === conversationId)) {
        return list[i];
      }
    }
    return null;
  }

  /* ---------- queue ---------- */

  function listOf(data) {
    if (Array.isArray(data)) {
      return data;
    }
    return (data && (data.tickets || data.items)) || [];
  }

  function refreshTickets() {
    if (!state.agent) {
      return Promise.resolve();
    }
    var seq = ++state.refreshSeq;
    return Promise.all([api("GET", "/tickets?state=waiting"), api("GET", "/tickets?state=active")]).then(function (results) {
      if (seq !== state.refreshSeq || !state.agent) {
        return;
      }
      if (results[0].ok) {
        state.waiting = listOf(results[0].data);
        state.fetchedAt = Date.now();
      }
      if (results[1].ok) {
        state.active = listOf(results[1].data);
        state.active.forEach(watch);
      }
      renderTickets();
      restoreSelection();  // after a reload: the chat this tab had open, once its ticket is listed
    });
  }

  function buyerName(ticket) {
    var buyer = ticket && ticket.buyer;
    return (buyer && (buyer.nick || buyer.name)) || t("anonymous_buyer");
  }

  function renderTickets() {
    clear(ui.queue);
    state.waiting.forEach(function (ticket) {
      ui.queue.appendChild(renderTicket(ticket));
    });
    clear(ui.mine);
    state.active.forEach(function (ticket) {
      ui.mine.appendChild(renderTicket(ticket));
    });
    ui.queueCount.textContent = String(state.waiting.length);
    ui.mineCount.textContent = String(state.active.length);
    ui.queueEmpty.hidden = state.waiting.length > 0;
    ui.mineEmpty.hidden = state.active.length > 0;
    renderTitle();
    tickClock();
  }

  function renderTicket(ticket) {
    var waiting = ticket.state === "waiting";
    var selected = state.selected && String(state.selected.id) === String(ticket.id);
    var known = PRIORITIES.indexOf(ticket.priority) >= 0;
    var item = el("li", {
      class: "ticket" + (selected ? " is-selected" : ""),
      "data-console": "ticket",
      "data-ticket-id": String(ticket.id),
      "data-state": String(ticket.state || "")
    });
    var head = el("div", { class: "ticket-head" });
    head.appendChild(el("span", {
      class: "badge priority-" + (known ? ticket.priority : "other"),
      title: known ? t("priority_title_" + ticket.priority) : t("priority_title_other", { n: ticket.priority })
    }, known ? t("priority_" + ticket.priority) : t("priority_other", { n: ticket.priority })));
    head.appendChild(el("span", { class: "reason" }, label("reason_", ticket.reason)));
    if (waiting) {
      head.appendChild(el("span", { class: "wait", "data-wait-for": String(ticket.id) }));
    } else if (state.unread[ticket.id]) {
      head.appendChild(el("span", { class: "unread", title: t("unread") }, String(state.unread[ticket.id])));
    }
    item.appendChild(head);
    var who = el("div", { class: "ticket-buyer" }, buyerName(ticket));
    if (ticket.order_id) {
      who.appendChild(el("span", { class: "ticket-order" }, t("order_ref", { id: ticket.order_id })));
    }
    item.appendChild(who);
    item.appendChild(el("div", { class: "ticket-summary", title: ticket.summary || "" }, ticket.summary || ""));
    if (waiting) {
      var claim = el("button", { type: "button", class: "button button-primary button-small", "data-console": "claim" }, t("claim"));
      claim.addEventListener("click", function () {
        claimTicket(ticket, claim);
      });
      item.appendChild(claim);
    } else {
      if (state.agent && state.agent.role === "admin" && !isMine(ticket)) {
        item.appendChild(el("div", { class: "ticket-agent" }, t("served_by", { name: agentLabel(ticket.agent) })));
      }
      item.setAttribute("tabindex", "0");
      item.setAttribute("role", "button");
      item.setAttribute("aria-pressed", selected ? "true" : "false");
      item.addEventListener("click", function () {
        select(ticket);
      });
      item.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          select(ticket);
        }
      });
    }
    return item;
  }

  function claimTicket(ticket, button) {
    button.disabled = true;
    api("POST", "/tickets/" + encodeURIComponent(ticket.id) + "/claim").then(function (result) {
      button.disabled = false;
      if (result.ok) {
        var claimed = (result.data && result.data.ticket) || Object.assign({}, ticket, { state: "active" });
        refreshTickets();
        select(claimed);
      } else if (result.status === 409) {
        toast(t("claimed_by_other"), "warning");
        refreshTickets();
      } else if (result.status !== 401) {
        toast(failure(result, t("claim_failed")), "error");
      }
    });
  }

  /* ---------- chat ---------- */

  function restoreSelection() {
    var id = null;
    try {
      id = window.sessionStorage.getItem(SELECTED_KEY);
    } catch (error) {
      id = null;
    }
    var ticket = id ? findTicket(state.active, id, null) : null;
    if (ticket && !state.selected) {
      select(ticket);
    }
  }

  function remember(id) {
    try {
      if (id === null) {
        window.sessionStorage.removeItem(SELECTED_KEY);
      } else {
        window.sessionStorage.setItem(SELECTED_KEY, String(id));
      }
    } catch (error) {
      /* storage disabled: the selection just isn't kept across reloads */
    }
  }

  function select(ticket) {
    var seq = ++state.selectSeq;
    state.selected = ticket;
    delete state.unread[ticket.id];
    remember(ticket.id);
    watch(ticket);
    ui.chatEmpty.hidden = true;
    ui.chat.hidden = false;
    ui.chatEnded.hidden = true;
    setChatEnabled(true);
    ui.chatBuyer.textContent = buyerName(ticket);
    var info = [label("reason_", ticket.reason), label("ticket_state_", ticket.state)];
    if (ticket.order_id) {
      info.push(t("order_ref", { id: ticket.order_id }));
    }
    ui.chatInfo.textContent = info.filter(Boolean).join(" · ");
    clear(ui.transcript);
    ui.transcript.appendChild(el("p", { class: "transcript-note" }, t("transcript_loading")));
    renderTickets();
    loadTranscript(ticket, seq);
    loadOrders(ticket, seq);
    ui.reply.focus();
  }

  function deselect() {
    state.selectSeq++;
    state.selected = null;
    remember(null);
    ui.chat.hidden = true;
    ui.chatEmpty.hidden = false;
    clear(ui.transcript);
    ui.reply.value = "";
    showOrdersHint();
  }

  function showOrdersHint() {
    clear(ui.orders);
    ui.orders.appendChild(el("p", { class: "empty" }, t("orders_hint")));
  }

  function setChatEnabled(enabled) {
    ui.reply.disabled = !enabled;
    ui.send.disabled = !enabled;
    ui.returnButton.disabled = !enabled;
    ui.closeButton.disabled = !enabled;
  }

  function endChat(text) {
    ui.chatEnded.textContent = text;
    ui.chatEnded.hidden = false;
    setChatEnabled(false);
  }

  function loadTranscript(ticket, seq) {
    api("GET", "/tickets/" + encodeURIComponent(ticket.id) + "/transcript").then(function (result) {
      if (seq !== state.selectSeq) {
        return;
      }
      clear(ui.transcript);
      if (!result.ok) {
        var text = result.status === 403 ? t("not_yours") : failure(result, t("transcript_failed"));
        ui.transcript.appendChild(el("p", { class: "transcript-note is-error" }, text));
        return;
      }
      var messages = (result.data && result.data.messages) || [];
      if (!messages.length) {
        ui.transcript.appendChild(el("p", { class: "transcript-note" }, t("transcript_empty")));
      }
      messages.forEach(appendMessage);
    });
  }

  function senderLabel(message) {
    if (message.sender === "buyer") {
      return buyerName(state.selected);
    }
    if (message.sender === "bot") {
      return t("sender_bot");
    }
    return message.name || agentLabel(state.selected && state.selected.agent) || t("sender_agent");
  }

  function appendMessage(message) {
    var sender = message.sender === "buyer" || message.sender === "bot" ? message.sender : "agent";
    var node = el("div", { class: "message message-" + sender, "data-console": "message", "data-sender": sender });
    var meta = el("div", { class: "message-meta" });
    meta.appendChild(el("span", { class: "message-name" }, senderLabel(message)));
    var time = clock(message.timestamp);
    if (time) {
      meta.appendChild(el("time", { class: "message-time" }, time));
    }
    node.appendChild(meta);
    node.appendChild(el("div", { class: "message-bubble" }, message.text || ""));
    var note = ui.transcript.querySelector(".transcript-note:not(.is-error)");
    if (note) {
      ui.transcript.removeChild(note);
    }
    var atBottom = ui.transcript.scrollHeight - ui.transcript.scrollTop - ui.transcript.clientHeight < 80;
    ui.transcript.appendChild(node);
    if (atBottom || sender !== "buyer") {
      ui.transcript.scrollTop = ui.transcript.scrollHeight;
    }
  }

  function sendReply() {
    var ticket = state.selected;
    var text = ui.reply.value.trim();
    if (!ticket || !text || ui.send.disabled) {
      return;
    }
    if (state.maxReply && text.length > state.maxReply) {
      toast(t("reply_too_long", { n: text.length, max: state.maxReply }), "error");
      return;
    }
    ui.send.disabled = true;
    api("POST", "/tickets/" + encodeURIComponent(ticket.id) + "/reply", { text: text }).then(function (result) {
      if (state.selected !== ticket) {
        return;
      }
      ui.send.disabled = ui.reply.disabled;
      if (result.ok) {
        if (ui.reply.value.trim() === text) {
          ui.reply.value = "";
        }
        var message = (result.data && result.data.message) || { sender: "agent", text: text, name: agentLabel(state.agent) };
        appendMessage(Object.assign({ timestamp: Date.now() }, message));
        ui.reply.focus();
      } else if (result.status === 403 || result.status === 409) {
        toast(t("send_not_yours"), "error");
      } else if (result.status !== 401) {
        toast(failure(result, t("send_failed")), "error");
      }
    });
  }

  function onReplyKeydown(event) {
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) {
      return;
    }
    event.preventDefault();
    sendReply();
  }

  function finish(action) {
    var ticket = state.selected;
    if (!ticket) {
      return;
    }
    var question = t(action === "close" ? "confirm_close" : "confirm_return", { buyer: buyerName(ticket) });
    if (!window.confirm(question)) {
      return;
    }
    setChatEnabled(false);
    api("POST", "/tickets/" + encodeURIComponent(ticket.id) + "/" + action).then(function (result) {
      if (result.ok) {
        if (state.selected === ticket) {
          deselect();
        }
        toast(t(action === "close" ? "chat_closed" : "returned"), "info");
        refreshTickets();
      } else if (result.status !== 401) {
        if (state.selected === ticket) {
          setChatEnabled(true);
        }
        toast(failure(result, t(action === "close" ? "close_failed" : "return_failed")), "error");
      }
    });
  }

  /* ---------- canned replies ---------- */

  function loadCanned() {
    return api("GET", "/canned").then(function (result) {
      if (!result.ok) {
        return;
      }
      var data = result.data;
      state.canned = Array.isArray(data) ? data : (data.canned || data.replies || data.items || []);
      renderCanned();
    });
  }

  function renderCanned() {
    clear(ui.cannedList);
    state.canned.forEach(function (reply) {
      var text = typeof reply === "string" ? reply : reply.text;
      var item = el("li", { class: "canned", "data-console": "canned", title: text });
      var use = el("button", { type: "button", class: "canned-use" }, text);
      item.appendChild(use);
      item.addEventListener("click", function (event) {
        if (event.target.closest(".canned-delete")) {
          return;
        }
        useCanned(text);
      });
      if (reply && reply.id !== undefined) {
        var remove = el("button", {
          type: "button", class: "canned-delete", "data-console": "canned-delete", "aria-label": t("canned_delete", { text: text })
        }, "×");
        remove.addEventListener("click", function () {
          deleteCanned(reply);
        });
        item.appendChild(remove);
      }
      ui.cannedList.appendChild(item);
    });
  }

  function useCanned(text) {
    if (ui.reply.disabled) {
      return;
    }
    ui.reply.value = text;
    ui.reply.focus();
    ui.reply.setSelectionRange(text.length, text.length);
  }

  function addCanned(event) {
    event.preventDefault();
    var text = ui.cannedInput.value.trim();
    if (!text) {
      return;
    }
    api("POST", "/canned", { text: text }).then(function (result) {
      if (result.ok) {
        ui.cannedInput.value = "";
        toggleCannedForm(false);
        loadCanned();
      } else if (result.status !== 401) {
        toast(failure(result, t("canned_save_failed")), "error");
      }
    });
  }

  function deleteCanned(reply) {
    if (!window.confirm(t("canned_confirm_delete", { text: reply.text }))) {
      return;
    }
    api("DELETE", "/canned/" + encodeURIComponent(reply.id)).then(function (result) {
      if (result.ok) {
        loadCanned();
      } else if (result.status !== 401) {
        toast(failure(result, t("delete_failed")), "error");
      }
    });
  }

  function toggleCannedForm(open) {
    ui.cannedForm.hidden = !open;
    ui.cannedToggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      ui.cannedInput.focus();
    }
  }

  /* ---------- orders ---------- */

  function money(order) {
    if (typeof order.total_fen === "number") {
      return "¥" + (order.total_fen / 100).toFixed(2);
    }
    var total = order.total;
    if (typeof total === "number" && isFinite(total)) {
      return "¥" + total.toFixed(2);
    }
    if (typeof total === "string" && total) {
      return /^\d+(\.\d+)?$/.test(total.trim()) ? "¥" + total.trim() : total;
    }
    return "";
  }

  function itemText(item) {
    if (typeof item === "string") {
      return item;
    }
    if (!item || typeof item !== "object") {
      return String(item);
    }
    var name = item.title || item.name || item.product || item.sku_name || item.sku || "";
    var spec = item.spec || item.variant || item.attributes || "";
    var quantity = item.quantity || item.qty || item.count;
    var parts = [name, typeof spec === "string" ? spec : ""].filter(Boolean).join(" ");
    return parts + (quantity ? " ×" + quantity : "");
  }

  function notesText(notes) {
    if (Array.isArray(notes)) {
      return notes.map(function (note) {
        return typeof note === "string" ? note : (note && note.text) || "";
      }).join("\n");
    }
    return notes ? String(notes) : "";
  }

  function loadOrders(ticket, seq) {
    clear(ui.orders);
    ui.orders.appendChild(el("p", { class: "empty" }, t("orders_loading")));
    api("GET", "/tickets/" + encodeURIComponent(ticket.id) + "/orders").then(function (result) {
      if (seq !== state.selectSeq) {
        return;
      }
      clear(ui.orders);
      if (!result.ok) {
        ui.orders.appendChild(el("p", { class: "empty is-error" }, failure(result, t("orders_failed"))));
        return;
      }
      var orders = (result.data && result.data.orders) || [];
      if (!orders.length) {
        ui.orders.appendChild(el("p", { class: "empty" }, t(ticket.buyer ? "orders_none" : "orders_anonymous")));
      }
      orders.forEach(function (order) {
        ui.orders.appendChild(renderOrder(order, ticket));
      });
      var attempts = (result.data && result.data.verification) || [];
      if (attempts.length) {
        ui.orders.appendChild(renderAttempts(attempts));
      }
      var quotes = (result.data && result.data.quotes) || [];
      if (quotes.length) {
        ui.orders.appendChild(renderQuotes(quotes));
      }
      var proactive = (result.data && result.data.proactive) || [];
      if (proactive.length) {
        ui.orders.appendChild(renderProactive(proactive));
      }
    });
  }

  function renderProactive(jobs) {
    var box = el("section", { class: "order proactive", "data-console": "proactive" });
    box.appendChild(el("header", { class: "order-head" }, t("proactive_title")));
    var list = el("ul", { class: "order-items" });
    jobs.forEach(function (job) {
      var when = job.sent_at || job.due_at;
      var head = (clock(when) || when) + "  " + label("job_kind_", job.kind) +
        (/^\d+$/.test(job.subject) && job.kind !== "queue_follow_up" ? t("proactive_order", { id: job.subject }) : "") +
        "  " + label("job_state_", job.state);
      var item = el("li", { class: job.state === "done" ? "" : "is-pending", "data-state": job.state }, head);
      if (job.text) {
        item.appendChild(el("div", { class: "proactive-text" }, job.text));
      } else if (job.state === "skipped" || job.state === "failed") {
        item.appendChild(el("div", { class: "proactive-text" }, job.outcome));
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function renderQuotes(quotes) {
    var box = el("section", { class: "order quotes", "data-console": "quotes" });
    box.appendChild(el("header", { class: "order-head" }, t("quotes_title")));
    var list = el("ul", { class: "order-items" });
    quotes.forEach(function (quote) {
      var extra = quote.gift ? t("quote_gift", { gift: quote.gift }) : (quote.coupon ? t("quote_coupon", { coupon: quote.coupon }) : "");
      var state = quote.state === "applied" ? t("quote_applied", { id: quote.order_id }) : t("quote_agreed", { price: quote.price });
      var text = (clock(quote.agreed_at) || quote.agreed_at) + "  " +
        t("quote_line", { product: quote.product, price: quote.price, list_price: quote.list_price }) + extra + "  " + state;
      list.appendChild(el("li", { class: quote.state === "applied" ? "" : "is-pending" }, text));
    });
    box.appendChild(list);
    return box;
  }

  function renderAttempts(attempts) {
    var box = el("section", { class: "order verification", "data-console": "verification" });
    box.appendChild(el("header", { class: "order-head" }, t("verification_title")));
    var list = el("ul", { class: "order-items" });
    attempts.forEach(function (attempt) {
      var text = (clock(attempt.at) || attempt.at) + "  " + t("order_ref", { id: attempt.order_id }) + "  " +
        t(attempt.succeeded ? "verification_ok" : "verification_wrong") +
        t(attempt.locked ? "verification_count_locked" : "verification_count", { n: attempt.order_failures_today });
      list.appendChild(el("li", { class: attempt.succeeded ? "" : "is-error" }, text));
    });
    box.appendChild(list);
    return box;
  }

  function renderOrder(order, ticket) {
    var current = ticket.order_id && String(ticket.order_id) === String(order.id);
    var card = el("article", { class: "order" + (current ? " is-current" : ""), "data-order-id": String(order.id) });
    var head = el("header", { class: "order-head" });
    head.appendChild(el("span", { class: "order-id" }, t("order_number", { id: order.id })));
    head.appendChild(el("span", { class: "order-state order-state-" + order.state }, label("label_order_state_", order.state)));
    card.appendChild(head);
    if (current) {
      card.appendChild(el("div", { class: "order-flag" }, t("order_current")));
    }
    var created = clock(order.created_at);
    if (created) {
      card.appendChild(el("div", { class: "order-line" }, t("order_created", { time: created })));
    }
    var items = el("ul", { class: "order-items" });
    (order.items || []).forEach(function (item) {
      items.appendChild(el("li", null, itemText(item)));
    });
    card.appendChild(items);
    card.appendChild(el("div", { class: "order-total" }, t("order_total", { amount: money(order) })));
    var notes = el("div", { class: "order-notes" }, notesText(order.notes));
    notes.hidden = !notesText(order.notes);
    card.appendChild(notes);
    var form = el("form", { class: "note-form" });
    var input = el("textarea", {
      class: "note-input", "data-console": "note-input", rows: "2", maxlength: "500",
      placeholder: t("note_placeholder"), "aria-label": t("note_aria", { id: order.id })
    });
    var save = el("button", { type: "submit", class: "button button-small", "data-console": "note-save" }, t("note_save"));
    form.appendChild(input);
    form.appendChild(save);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      saveNote(order, input, save, notes);
    });
    card.appendChild(form);
    return card;
  }

  function saveNote(order, input, button, notesNode) {
    var text = input.value.trim();
    if (!text) {
      input.focus();
      return;
    }
    button.disabled = true;
    api("POST", "/orders/" + encodeURIComponent(order.id) + "/notes", { text: text }).then(function (result) {
      button.disabled = false;
      if (result.ok) {
        input.value = "";
        var notes = notesText(result.data && result.data.notes);
        notesNode.textContent = notes;
        notesNode.hidden = !notes;
        toast(t("note_saved"), "info");
      } else if (result.status !== 401) {
        toast(failure(result, t("note_failed")), "error");
      }
    });
  }

  /* ---------- start ---------- */

  function bind() {
    ui.loginView = document.getElementById("login-view");
    ui.app = document.getElementById("app");
    var hooks = {
      loginForm: "login-form", username: "username", password: "password", login: "login",
      loginError: "login-error", logout: "logout", agentName: "agent-name", connection: "connection",
      queue: "queue", mine: "mine", queueCount: "queue-count", mineCount: "mine-count",
      queueEmpty: "queue-empty", mineEmpty: "mine-empty", chat: "chat", chatEmpty: "chat-empty",
      chatBuyer: "chat-buyer", chatInfo: "chat-info", chatEnded: "chat-ended", transcript: "transcript",
      replyForm: "reply-form", reply: "reply", send: "send", returnButton: "return", closeButton: "close",
      cannedList: "canned-list", cannedToggle: "canned-toggle", cannedForm: "canned-form",
      cannedInput: "canned-input", orders: "orders", toast: "toast"
    };
    Object.keys(hooks).forEach(function (key) {
      ui[key] = hook(hooks[key]);
    });

    ui.loginForm.addEventListener("submit", submitLogin);
    ui.logout.addEventListener("click", logout);
    ui.replyForm.addEventListener("submit", function (event) {
      event.preventDefault();
      sendReply();
    });
    ui.reply.addEventListener("keydown", onReplyKeydown);
    ui.returnButton.addEventListener("click", function () {
      finish("return");
    });
    ui.closeButton.addEventListener("click", function () {
      finish("close");
    });
    ui.cannedToggle.addEventListener("click", function () {
      toggleCannedForm(ui.cannedForm.hidden);
    });
    ui.cannedForm.addEventListener("submit", addCanned);
    Array.prototype.forEach.call(document.querySelectorAll(".language-switch"), function (languages) {
      languages.addEventListener("click", function (event) {
        var button = event.target.closest("[data-language]");
        if (button) {
          chooseLanguage(button.getAttribute("data-language"));
        }
      });
    });
    ui.toast.addEventListener("click", function () {
      ui.toast.hidden = true;
    });
    window.addEventListener("focus", stopFlash);
    document.addEventListener("pointerdown", function () {
      unlockAudio();
      stopFlash();
    }, true);
    document.addEventListener("keydown", function () {
      unlockAudio();
      stopFlash();
    }, true);
  }

  function boot() {
    bind();
    Promise.all([loadTexts(storedLanguage() || "zh"), api("GET", "/me")]).then(function (results) {
      var result = results[1];
      if (result.ok && result.data.agent) {
        state.csrf = result.data.csrf_token || null;
        startInLanguage(result.data.agent);
      } else if (result.status === 0) {
        showLogin(t("server_unreachable"));
      } else {
        showLogin("");
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
