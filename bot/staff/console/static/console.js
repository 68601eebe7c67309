/* Xiaoer (小二) agent console: plain JavaScript, no build step. Contract: docs/console.md.
   Every piece of server data reaches the page through textContent or setAttribute, never innerHTML. */
(function () {
  "use strict";

  var API = "/console/api";
  var REFRESH_MS = 15000;
  var CLOCK_MS = 1000;
  var FLASH_MS = 1000;
  var TOAST_MS = 5000;
  var SELECTED_KEY = "xiaoer.console.selected";
  var BASE_TITLE = document.title || "客服工作台"; /* the shop's name, set by the server */
  var FLASH_ON = "【新会话】";
  var FLASH_OFF = "【　　　】";

  var REASONS = {
    complaint: "投诉",
    ask_human: "转人工",
    fallback: "机器人没听懂",
    action_failed: "系统出错"
  };
  var PRIORITIES = {
    1: { label: "紧急", title: "优先级 1：投诉/差评威胁" },
    2: { label: "较急", title: "优先级 2：投诉" },
    3: { label: "普通", title: "优先级 3：转人工或机器人答不上" }
  };
  var ORDER_STATES = {
    unpaid: "等待买家付款",
    paid: "买家已付款，待发货",
    shipped: "卖家已发货",
    delivered: "已签收",
    completed: "交易成功",
    cancelled: "交易关闭"
  };
  var TICKET_STATES = { waiting: "排队中", active: "服务中", closed: "已结束" };

  var state = {
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
      return "网络异常，请检查连接后重试";
    }
    var detail = result.data && (result.data.error || result.data.message || result.data.detail);
    return (typeof detail === "string" && detail) ? fallback + "：" + detail : fallback + "（" + result.status + "）";
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

  function pad(number) {
    return number < 10 ? "0" + number : String(number);
  }

  function clock(value) {
    var date = parseTime(value);
    if (!date) {
      return "";
    }
    var now = new Date();
    var time = pad(date.getHours()) + ":" + pad(date.getMinutes());
    if (date.toDateString() === now.toDateString()) {
      return time;
    }
    return (date.getMonth() + 1) + "月" + date.getDate() + "日 " + time;
  }

  function duration(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    if (seconds < 60) {
      return seconds + "秒";
    }
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) {
      return minutes + "分钟";
    }
    var hours = Math.floor(minutes / 60);
    return hours + "小时" + (minutes % 60 ? (minutes % 60) + "分钟" : "");
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
          node.textContent = "已等 " + duration(waitingSeconds(all[i]));
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
    return state.waiting.length ? "(" + state.waiting.length + ") " + BASE_TITLE : BASE_TITLE;
  }

  function renderTitle() {
    document.title = state.flashTimer ? (state.flashPhase ? FLASH_ON : FLASH_OFF) + baseTitle() : baseTitle();
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
    document.title = BASE_TITLE;
    ui.username.focus();
  }

  function submitLogin(event) {
    event.preventDefault();
    unlockAudio();
    var username = ui.username.value.trim();
    var password = ui.password.value;
    if (!username || !password) {
      showLogin("请输入用户名和密码");
      return;
    }
    ui.login.disabled = true;
    api("POST", "/login", { username: username, password: password }).then(function (result) {
      ui.login.disabled = false;
      if (result.ok && result.data.agent) {
        ui.password.value = "";
        state.csrf = result.data.csrf_token || null;
        startApp(result.data.agent);
      } else if (result.status === 429) {
        var wait = Math.max(1, Math.ceil((Number(result.data.retry_after) || 60) / 60));
        showLogin("登录尝试次数过多，请" + wait + "分钟后再试");
        ui.password.value = "";
      } else if (result.status === 401) {
        showLogin("用户名或密码错误");
        ui.password.value = "";
        ui.password.focus();
      } else {
        showLogin(failure(result, "登录失败"));
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
    showLogin("登录已过期，请重新登录");
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

  function startApp(agent) {
    state.agent = agent;
    ui.loginView.hidden = true;
    ui.app.hidden = false;
    ui.agentName.textContent = agentLabel(agent) + (agent.role === "admin" ? "（管理员）" : "");
    connectSocket();
    refreshTickets().then(restoreSelection);
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

  function setConnected(connected) {
    ui.connection.setAttribute("data-connected", connected ? "true" : "false");
    ui.connection.textContent = connected ? "实时连接正常" : "实时连接中断，每15秒自动刷新";
  }

  function connectSocket() {
    if (typeof window.io !== "function") {
      setConnected(false);
      return;
    }
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
        endChat(ticket.state === "closed" ? "会话已结束" : "会话已交还机器人");
      } else if (!isMine(ticket) && state.agent.role !== "admin") {
        endChat("会话已转给" + agentLabel(ticket.agent));
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
    });
  }

  function buyerName(ticket) {
    var buyer = ticket && ticket.buyer;
    return (buyer && (buyer.nick || buyer.name)) || "匿名买家";
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
    var priority = PRIORITIES[ticket.priority] || { label: "P" + ticket.priority, title: "优先级 " + ticket.priority };
    var item = el("li", {
      class: "ticket" + (selected ? " is-selected" : ""),
      "data-console": "ticket",
      "data-ticket-id": String(ticket.id),
      "data-state": String(ticket.state || "")
    });
    var head = el("div", { class: "ticket-head" });
    head.appendChild(el("span", {
      class: "badge priority-" + (PRIORITIES[ticket.priority] ? ticket.priority : "other"),
      title: priority.title
    }, priority.label));
    head.appendChild(el("span", { class: "reason" }, REASONS[ticket.reason] || ticket.reason || ""));
    if (waiting) {
      head.appendChild(el("span", { class: "wait", "data-wait-for": String(ticket.id) }));
    } else if (state.unread[ticket.id]) {
      head.appendChild(el("span", { class: "unread", title: "未读消息" }, String(state.unread[ticket.id])));
    }
    item.appendChild(head);
    var who = el("div", { class: "ticket-buyer" }, buyerName(ticket));
    if (ticket.order_id) {
      who.appendChild(el("span", { class: "ticket-order" }, "订单 " + ticket.order_id));
    }
    item.appendChild(who);
    item.appendChild(el("div", { class: "ticket-summary", title: ticket.summary || "" }, ticket.summary || ""));
    if (waiting) {
      var claim = el("button", { type: "button", class: "button button-primary button-small", "data-console": "claim" }, "接入");
      claim.addEventListener("click", function () {
        claimTicket(ticket, claim);
      });
      item.appendChild(claim);
    } else {
      if (state.agent && state.agent.role === "admin" && !isMine(ticket)) {
        item.appendChild(el("div", { class: "ticket-agent" }, "客服：" + agentLabel(ticket.agent)));
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
        toast("已被其他客服接入", "warning");
        refreshTickets();
      } else if (result.status !== 401) {
        toast(failure(result, "接入失败"), "error");
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
    var info = [REASONS[ticket.reason] || ticket.reason, TICKET_STATES[ticket.state] || ticket.state];
    if (ticket.order_id) {
      info.push("订单 " + ticket.order_id);
    }
    ui.chatInfo.textContent = info.filter(Boolean).join(" · ");
    clear(ui.transcript);
    ui.transcript.appendChild(el("p", { class: "transcript-note" }, "正在加载聊天记录…"));
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
    clear(ui.orders);
    ui.orders.appendChild(el("p", { class: "empty" }, "接入会话后显示买家的订单"));
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
        var text = result.status === 403 ? "这个会话不归你处理" : failure(result, "聊天记录加载失败");
        ui.transcript.appendChild(el("p", { class: "transcript-note is-error" }, text));
        return;
      }
      var messages = (result.data && result.data.messages) || [];
      if (!messages.length) {
        ui.transcript.appendChild(el("p", { class: "transcript-note" }, "暂无聊天记录"));
      }
      messages.forEach(appendMessage);
    });
  }

  function senderLabel(message) {
    if (message.sender === "buyer") {
      return buyerName(state.selected);
    }
    if (message.sender === "bot") {
      return "机器人";
    }
    return message.name || agentLabel(state.selected && state.selected.agent) || "客服";
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
        toast("发送失败：这个会话已不归你处理", "error");
      } else if (result.status !== 401) {
        toast(failure(result, "发送失败，请重试"), "error");
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
    var question = action === "close" ? "确定结束与 " + buyerName(ticket) + " 的会话吗？买家会收到服务评价邀请。"
      : "确定把 " + buyerName(ticket) + " 交还给机器人吗？";
    if (!window.confirm(question)) {
      return;
    }
    setChatEnabled(false);
    api("POST", "/tickets/" + encodeURIComponent(ticket.id) + "/" + action).then(function (result) {
      if (result.ok) {
        if (state.selected === ticket) {
          deselect();
        }
        toast(action === "close" ? "会话已结束" : "已交还机器人", "info");
        refreshTickets();
      } else if (result.status !== 401) {
        if (state.selected === ticket) {
          setChatEnabled(true);
        }
        toast(failure(result, action === "close" ? "结束会话失败" : "交还机器人失败"), "error");
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
          type: "button", class: "canned-delete", "data-console": "canned-delete", "aria-label": "删除快捷短语：" + text
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
        toast(failure(result, "保存快捷短语失败"), "error");
      }
    });
  }

  function deleteCanned(reply) {
    if (!window.confirm("删除快捷短语“" + reply.text + "”？")) {
      return;
    }
    api("DELETE", "/canned/" + encodeURIComponent(reply.id)).then(function (result) {
      if (result.ok) {
        loadCanned();
      } else if (result.status !== 401) {
        toast(failure(result, "删除失败"), "error");
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
    ui.orders.appendChild(el("p", { class: "empty" }, "正在加载订单…"));
    api("GET", "/tickets/" + encodeURIComponent(ticket.id) + "/orders").then(function (result) {
      if (seq !== state.selectSeq) {
        return;
      }
      clear(ui.orders);
      if (!result.ok) {
        ui.orders.appendChild(el("p", { class: "empty is-error" }, failure(result, "订单加载失败")));
        return;
      }
      var orders = (result.data && result.data.orders) || [];
      if (!orders.length) {
        ui.orders.appendChild(el("p", { class: "empty" }, ticket.buyer ? "这位买家还没有订单" : "匿名买家，查不到订单"));
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

  var PROACTIVE_KINDS = { unpaid_reminder: "催付", late_dispatch: "发货延迟致歉", stalled_parcel: "物流停滞致歉",
                          queue_follow_up: "排队提醒" };
  var PROACTIVE_STATES = { pending: "待发送", running: "发送中", held: "待买家打开聊天后发送", done: "已发送", skipped: "未发送", failed: "发送失败" };

  function renderProactive(jobs) {
    var box = el("section", { class: "order proactive", "data-console": "proactive" });
    box.appendChild(el("header", { class: "order-head" }, "主动消息（待发送和已发送）"));
    var list = el("ul", { class: "order-items" });
    jobs.forEach(function (job) {
      var when = job.sent_at || job.due_at;
      var head = (clock(when) || when) + "  " + (PROACTIVE_KINDS[job.kind] || job.kind) +
        (/^\d+$/.test(job.subject) && job.kind !== "queue_follow_up" ? "（订单 " + job.subject + "）" : "") +
        "  " + (PROACTIVE_STATES[job.state] || job.state);
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
    box.appendChild(el("header", { class: "order-head" }, "议价成交记录（买家已同意）"));
    var list = el("ul", { class: "order-items" });
    quotes.forEach(function (quote) {
      var extra = quote.gift ? "，送" + quote.gift : (quote.coupon ? "，另送" + quote.coupon + "元券" : "");
      var state = quote.state === "applied" ? "已改价（订单 " + quote.order_id + "）" : "待改价：买家拍下后改为 " + quote.price + " 元";
      var text = (clock(quote.agreed_at) || quote.agreed_at) + "  " + quote.product + "  " + quote.price +
        " 元（原价 " + quote.list_price + "）" + extra + "  " + state;
      list.appendChild(el("li", { class: quote.state === "applied" ? "" : "is-pending" }, text));
    });
    box.appendChild(list);
    return box;
  }

  function renderAttempts(attempts) {
    var box = el("section", { class: "order verification", "data-console": "verification" });
    box.appendChild(el("header", { class: "order-head" }, "手机尾号核对记录（本次会话）"));
    var list = el("ul", { class: "order-items" });
    attempts.forEach(function (attempt) {
      var text = (clock(attempt.at) || attempt.at) + "  订单 " + attempt.order_id + "  " +
        (attempt.succeeded ? "核对通过" : "尾号不符") +
        "（该订单今日失败 " + attempt.order_failures_today + " 次" + (attempt.locked ? "，已锁定" : "") + "）";
      list.appendChild(el("li", { class: attempt.succeeded ? "" : "is-error" }, text));
    });
    box.appendChild(list);
    return box;
  }

  function renderOrder(order, ticket) {
    var current = ticket.order_id && String(ticket.order_id) === String(order.id);
    var card = el("article", { class: "order" + (current ? " is-current" : ""), "data-order-id": String(order.id) });
    var head = el("header", { class: "order-head" });
    head.appendChild(el("span", { class: "order-id" }, "订单号 " + order.id));
    head.appendChild(el("span", { class: "order-state order-state-" + order.state }, ORDER_STATES[order.state] || order.state || ""));
    card.appendChild(head);
    if (current) {
      card.appendChild(el("div", { class: "order-flag" }, "本次咨询的订单"));
    }
    var created = clock(order.created_at);
    if (created) {
      card.appendChild(el("div", { class: "order-line" }, "下单时间 " + created));
    }
    var items = el("ul", { class: "order-items" });
    (order.items || []).forEach(function (item) {
      items.appendChild(el("li", null, itemText(item)));
    });
    card.appendChild(items);
    card.appendChild(el("div", { class: "order-total" }, "实付 " + money(order)));
    var notes = el("div", { class: "order-notes" }, notesText(order.notes));
    notes.hidden = !notesText(order.notes);
    card.appendChild(notes);
    var form = el("form", { class: "note-form" });
    var input = el("textarea", {
      class: "note-input", "data-console": "note-input", rows: "2", maxlength: "500",
      placeholder: "添加订单备注（自动署名和日期）", "aria-label": "订单 " + order.id + " 的备注"
    });
    var save = el("button", { type: "submit", class: "button button-small", "data-console": "note-save" }, "保存备注");
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
        toast("备注已保存", "info");
      } else if (result.status !== 401) {
        toast(failure(result, "备注保存失败"), "error");
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
    api("GET", "/me").then(function (result) {
      if (result.ok && result.data.agent) {
        state.csrf = result.data.csrf_token || null;
        startApp(result.data.agent);
      } else if (result.status === 0) {
        showLogin("无法连接服务器，请稍后刷新页面");
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
