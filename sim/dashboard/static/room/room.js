// The room's pages, drawn here in the browser from the server's small JSON messages.
//
// /play                          join a room, or open one (the facilitator)
// /play?room=CODE                join that room (a device that sat there before gets its seat)
// /play?room=CODE&seat=TOKEN     a participant's seat
// /play?facilitate=CODE&key=KEY  the facilitator's page, for the projector
//
// Every name is shown as typed (textContent, never HTML). The countdown runs here from the
// turn's deadline; a stream of server-sent events says when the room's turn changes. Ticks not
// yet submitted are kept on the device (localStorage), so a reload or a restart loses none.
"use strict";

const API = "/play/api";
const app = document.getElementById("app");
const query = new URLSearchParams(location.search);

// -- small helpers

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function call(path, options) {
  let response;
  try {
    response = await fetch(API + path, options);
  } catch (err) {
    return { ok: false, status: 0, data: { error: "The server cannot be reached: try again in a moment." } };
  }
  let data = {};
  try { data = await response.json(); } catch (err) { /* not JSON: a file */ }
  return { ok: response.ok, status: response.status, data };
}

function post(path, payload) {
  return call(path, { method: "POST", headers: { "Content-Type": "application/json" },
                      body: JSON.stringify(payload) });
}

function store(key, value) {
  try {
    if (value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch (err) { /* private mode: the page still works, without memory */ }
}

function recall(key) {
  try { return JSON.parse(localStorage.getItem(key)); } catch (err) { return null; }
}

function clockText(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")} left`;
}

// The server's clock minus this device's, from the last message: the countdown uses it.
let skew = 0;
function secondsLeft(deadline) {
  return deadline - (Date.now() / 1000 + skew);
}

// One countdown for the page: it rewrites only the clock's text, once a second.
let clockTimer = null;
function runClock(node, deadline, prefix) {
  clearInterval(clockTimer);
  if (!node) return;
  const draw = () => { node.textContent = prefix + clockText(secondsLeft(deadline)); };
  draw();
  clockTimer = setInterval(draw, 1000);
}

// A stream of the room's state: reconnects by itself (EventSource) and says so meanwhile.
function follow(url, onState) {
  let banner = null;
  const source = new EventSource(url);
  source.addEventListener("state", (event) => {
    if (banner) { banner.remove(); banner = null; }
    const state = JSON.parse(event.data);
    skew = state.now - Date.now() / 1000;
    onState(state);
  });
  source.onerror = () => {
    if (!banner) {
      banner = el("div", { class: "connection", role: "status" },
                  "Connection lost: reconnecting…");
      document.body.append(banner);
    }
  };
  return source;
}

// -- the landing page: join, or open a room

function landing(error) {
  app.replaceChildren(
    el("h1", {}, "Play the product owner"),
    joinForm(query.get("room") || "", error),
    el("h2", {}, "Facilitating?"),
    el("button", { class: "plain", onclick: openForm }, "Open a room (facilitator)"),
  );
}

function joinForm(code, error) {
  const codeInput = el("input", { type: "text", id: "code", value: code, autocomplete: "off",
                                  autocapitalize: "characters" });
  const nameInput = el("input", { type: "text", id: "name", autocomplete: "nickname",
                                  value: recall("name") || "" });
  const messages = el("div", {});
  if (error) messages.append(el("div", { class: "error join-error" }, error));
  async function join(same) {
    messages.replaceChildren();
    const room = codeInput.value.trim().toUpperCase();
    // A device's seat is offered back only to the same name (a shared laptop is not a seat).
    const kept = recall(`seat:${room}`) || {};
    const mine = (kept.name || "").toLowerCase() === nameInput.value.trim().toLowerCase();
    const reply = await post("/join", { code: room, name: nameInput.value, same,
                                        token: mine ? kept.token : undefined });
    if (reply.ok) {
      store("name", nameInput.value.trim());
      return enterSeat(reply.data.code, reply.data.token, nameInput.value.trim());
    }
    messages.append(el("div", { class: "error join-error" }, reply.data.error));
    if (reply.data.name_taken) {
      messages.append(el("button", { class: "plain", onclick: () => join(true) },
                         "That is me: take my seat again"));
    }
  }
  return el("form", { onsubmit: (e) => { e.preventDefault(); join(false); } },
    el("h2", {}, "Join a room"),
    el("label", { for: "code" }, "Room code"), codeInput,
    el("label", { for: "name" }, "Your name"), nameInput,
    el("p", {}, el("button", { type: "submit" }, "Join")),
    messages);
}

function enterSeat(code, token, name) {
  store(`seat:${code}`, { token, name: name || (recall(`seat:${code}`) || {}).name || "" });
  history.replaceState(null, "", `/play?room=${encodeURIComponent(code)}&seat=${encodeURIComponent(token)}`);
  participant(code, token);
}

async function openForm() {
  const { data } = await call("/options");
  const field = (label, name, value, help) => [
    el("label", { for: name }, label),
    el("input", { type: "text", id: name, name, value, inputmode: "numeric" }),
    help ? el("div", { class: "more" }, help) : null,
  ];
  const select = (label, name, values, chosen) => [
    el("label", { for: name }, label),
    el("select", { id: name, name },
       values.map((v) => el("option", { value: v, selected: v === chosen }, v))),
  ];
  const error = el("div", {});
  const form = el("form", { onsubmit: async (e) => {
      e.preventDefault();
      error.replaceChildren(el("p", {}, "Opening the room…"));
      const response = await fetch(API + "/open", { method: "POST", body: new FormData(form) });
      const reply = await response.json();
      if (!response.ok) {
        error.replaceChildren(el("div", { class: "error open-error" }, reply.error));
        return;
      }
      location.assign(`/play?facilitate=${reply.code}&key=${encodeURIComponent(reply.key)}`);
    } },
    el("h1", {}, "Open a room"),
    field(`Seats (product areas, 1-${data.max_seats})`, "seats", "4"),
    select("Governance of the seats", "mix", data.mixes, "coordinator"),
    select("Organization", "organization", data.organizations, "(numbered areas)"),
    el("label", { for: "file" }, "… or an organization file (YAML) of your own"),
    el("input", { type: "file", id: "file", name: "file", accept: ".yaml,.yml" }),
    field("Turns (1-40)", "turns", "4"),
    field("Weeks a turn (1-52)", "turn_weeks", "13"),
    field("Turn timer in seconds (10-3600)", "timer_seconds", "180"),
    select("A turn ends", "advance", data.advance, "timer"),
    el("p", {}, el("button", { type: "submit" }, "Open the room")),
    error);
  app.replaceChildren(form);
}

// -- a participant's seat

const WHEN = {
  facilitator: "The turn plays when the facilitator ends it.",
  "all decided": "The turn plays when everyone has decided, or when the timer runs out.",
  timer: "The turn plays when the timer runs out, or when the facilitator ends it.",
};

function participant(code, token) {
  const seat = { code, token, view: null, state: null, boot: null, notices: [], source: null };
  const draftKey = () => `draft:${code}:${token}:${seat.view.turn}`;
  const sentKey = `sent:${code}:${token}`;

  async function load() {
    const reply = await call(`/${code}/seat?token=${encodeURIComponent(token)}`);
    if (reply.status === 0 || reply.status >= 500) {
      // The server is away (a restart): keep the seat and the ticks, and try again.
      setTimeout(load, 2000);
      return false;
    }
    if (!reply.ok) {
      if (seat.source) seat.source.close();
      store(`seat:${code}`, undefined);
      landing(reply.data.error || "That seat is not yours any more.");
      return false;
    }
    skew = reply.data.now - Date.now() / 1000;
    show(reply.data);
    return true;
  }

  // A view of the seat, from the stream or fetched: what changed since the last one is said.
  function show(view) {
    if (seat.boot && view.boot && view.boot !== seat.boot) {
      seat.notices.push("The server restarted: your room was restored from its log.");
    }
    seat.boot = view.boot || seat.boot;
    // Decisions sent for a turn the server lost in a restart (not yet played): say so.
    if (!view.decided && recall(sentKey) === view.turn) {
      seat.notices.push(`Your decisions for turn ${view.turn} were sent before the server ` +
                        "restarted and were lost with it. Your ticks are back below: submit again.");
      store(sentKey, undefined);
    }
    if (seat.view && view.turn !== seat.view.turn) {
      seat.refusal = null;
      // A new turn: older turns' ticks are not needed any more.
      for (let k = 1; k < view.turn; k++) store(`draft:${code}:${token}:${k}`, undefined);
    }
    seat.view = view;
    draw();
  }

  function draft() {
    return recall(draftKey()) || { decline: [], kill: [], ranking: null };
  }

  function keep(changes) {
    store(draftKey(), { ...draft(), ...changes });
  }

  function draw() {
    const v = seat.view;
    // When each turn was first drawn (seconds since the epoch): the load check reads it.
    window.roomShown = window.roomShown || {};
    window.roomShown[v.turn] = window.roomShown[v.turn] || Date.now() / 1000;
    const s = seat.state || { started: v.deadline !== null, resolving: false, deadline: v.deadline };
    if (v.finished) {
      clearInterval(clockTimer);
      return app.replaceChildren(el("h1", {}, `${v.seat}: the game is over. Look at the projector.`));
    }
    const clock = el("span", { class: "clock" });
    const bar = el("div", { class: "bar" },
      el("span", { class: "who" }, `${v.seat} (${v.player}), turn ${v.turn} of ${v.turns}`), clock);
    const page = [bar];
    for (const notice of seat.notices) page.push(el("div", { class: "notice" }, notice));
    if (seat.refusal) page.push(el("div", { class: "refused", role: "alert" }, seat.refusal));
    for (const m of v.messages) page.push(el("div", { class: "outcome" }, m));
    page.push(el("p", {},
      `Your standing: authority ${v.authority.toFixed(2)} (can you make an unpopular decision ` +
      `against a stakeholder's influence?), leadership support ${v.support.toFixed(2)} (will ` +
      "leaders back it if they escalate?)."));
    if (s.resolving) {
      clock.textContent = `Resolving turn ${v.turn}…`;
    } else if (!s.started) {
      clock.textContent = "The facilitator has not started the turn yet.";
    } else if (v.advance !== "facilitator" && s.deadline) {
      runClock(clock, s.deadline, "");
    }
    if (v.decided) {
      page.push(el("div", { class: "success" },
                   `Your decisions for turn ${v.turn} are in. ${WHEN[v.advance]}`));
      return app.replaceChildren(...page);
    }
    page.push(...decisionForm(v));
    app.replaceChildren(...page);
  }

  function decisionForm(v) {
    const d = draft();
    const declined = new Set(d.decline);
    const killed = new Set(d.kill);
    const out = [el("h2", {}, `Inbox: ${v.inbox.length} requests. Tick to decline; the rest are admitted.`)];
    // Grouped by requester, most influential first, each group folded: a turn's 20 to 40
    // requests read as a handful of people, opened one at a time.
    const groups = new Map();
    for (const r of v.inbox) {
      if (!groups.has(r.requester)) groups.set(r.requester, []);
      groups.get(r.requester).push(r);
    }
    const ordered = [...groups.entries()].sort((a, b) => b[1][0].influence - a[1][0].influence);
    for (const [requester, items] of ordered) {
      const count = el("span", {});
      const summary = el("summary", {}, `${requester} (influence ${items[0].influence}): `,
                         `${items.length} request${items.length === 1 ? "" : "s"}`, count);
      const recount = () => {
        const n = items.filter((r) => declined.has(r.id)).length;
        count.textContent = n ? `, ${n} to decline` : "";
      };
      recount();
      const rows = items.map((r) => {
        const box = el("input", { type: "checkbox", checked: declined.has(r.id),
          onchange: (e) => {
            if (e.target.checked) declined.add(r.id); else declined.delete(r.id);
            keep({ decline: [...declined] });
            recount();
          } });
        return el("label", { class: "item" }, box,
          el("span", {}, `#${r.id}: claims ${r.claim}, your estimate ${r.estimate}, ${r.size} points`));
      });
      out.push(el("details", { class: "group" }, summary, rows));
    }
    out.push(el("h2", {}, "Backlog: your order, top first"));
    const ids = v.backlog.map((r) => r.id);
    let order = (d.ranking || []).filter((i) => ids.includes(i));
    for (const i of ids) if (!order.includes(i)) order.push(i);
    const byId = Object.fromEntries(v.backlog.map((r) => [r.id, r]));
    const list = el("div", {});
    const SHOWN = 10;
    const drawOrder = () => {
      list.replaceChildren(...order.slice(0, SHOWN).map((i, k) => el("div", { class: "rank" },
        el("button", { class: "plain", type: "button", disabled: k === 0, "aria-label": `Move #${i} up`,
          onclick: () => {
            [order[k - 1], order[k]] = [order[k], order[k - 1]];
            keep({ ranking: order });
            drawOrder();
          } }, "Up"),
        el("span", {}, `${k + 1}. #${i} ${byId[i].requester}: estimate ${byId[i].estimate}, ${byId[i].size} points`))));
      if (order.length > SHOWN) {
        list.append(el("p", { class: "more" }, `… and ${order.length - SHOWN} more below, in this order.`));
      }
    };
    drawOrder();
    out.push(list);
    out.push(el("h2", {}, "In progress: tick to kill"));
    for (const r of v.wip) {
      const signal = r.mvp_signal === null ? "no MVP yet" : `MVP signal ${r.mvp_signal}`;
      out.push(el("label", { class: "item" },
        el("input", { type: "checkbox", checked: killed.has(r.id), onchange: (e) => {
          if (e.target.checked) killed.add(r.id); else killed.delete(r.id);
          keep({ kill: [...killed] });
        } }),
        el("span", {}, `#${r.id} ${r.requester}: ${r.done} of ${r.size} points, ${signal}`)));
    }
    if (!v.wip.length) out.push(el("p", { class: "more" }, "Nothing in progress."));
    const button = el("button", { class: "submit", onclick: async () => {
      button.disabled = true;
      const reply = await post(`/${code}/submit`, { token, turn: v.turn, decline: [...declined],
                                                     kill: [...killed], ranking: order });
      if (reply.ok) {
        seat.refusal = null;
        store(sentKey, v.turn);
        seat.view = { ...v, decided: true };
        return draw();
      }
      if (reply.status === 409) {
        // Refused (the turn was played meanwhile): show the turn there is now, and say why.
        if (await load()) {
          seat.refusal = reply.data.error;
          draw();
        }
        return;
      }
      // Not sent (the server is away) or not accepted: the ticks stay; say so and let them retry.
      seat.refusal = reply.status === 0 || reply.status >= 500
        ? "Not sent: the server cannot be reached. Your ticks are kept; submit again in a moment."
        : reply.data.error;
      draw();
    } }, "Submit decisions");
    out.push(el("div", { class: "actions" }, button));
    return out;
  }

  seat.source = follow(`${API}/${code}/events?token=${encodeURIComponent(token)}`, (state) => {
    seat.state = state;
    if (state.finished) seat.source.close();
    if (state.view) return show({ ...state.view, boot: state.boot });
    if (seat.view) draw();
  });
  load();
}

// -- the facilitator's page: the projector

function facilitator(code, key) {
  document.body.classList.add("projector");
  const q = `key=${encodeURIComponent(key)}`;
  const page = { info: null, state: null, charted: -1, message: "" };
  const top = el("div", { class: "top" });
  const status = el("div", { class: "status" });
  const body = el("div", { class: "charts" });
  app.replaceChildren(top, status, body);

  (async function connect() {
    const reply = await call(`/${code}/facilitator?${q}`);
    if (reply.status === 0 || reply.status >= 500) return setTimeout(connect, 2000);
    if (!reply.ok) return app.replaceChildren(el("div", { class: "error" }, reply.data.error));
    const info = reply.data;
    page.info = info;
    const qr = el("div", { class: "join-qr" });
    qr.innerHTML = info.qr; // drawn by the server (segno): an SVG of the join address only
    const code_svg = qr.querySelector("svg");
    if (code_svg && !code_svg.getAttribute("viewBox")) {
      // Scaled by the page's style, not clipped: the drawing keeps its own coordinates.
      const w = parseFloat(code_svg.getAttribute("width")), h = parseFloat(code_svg.getAttribute("height"));
      code_svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    }
    top.replaceChildren(
      el("div", { class: "room-code" }, info.code), qr,
      el("div", {}, el("div", { class: "join-address" }, "Join at ", el("b", {}, info.address)),
         info.local_only ? el("div", { class: "notice join-local-only" }, info.local_only) : null));
    follow(`${API}/${code}/events?${q}`, drawStatus);
  })();

  function drawStatus(state) {
    if (page.state && page.state.boot !== state.boot) {
      top.append(el("div", { class: "notice" }, "The server restarted: the room was restored " +
                    "from its log. Decisions sent this turn must be sent again."));
    }
    if (page.state && page.state.turn !== state.turn) page.message = "";
    page.state = state;
    document.body.classList.toggle("started", state.started);
    if (state.finished) return reveal();
    const clock = el("span", { class: "clock turn-clock" });
    const parts = [clock];
    if (!state.started) {
      clearInterval(clockTimer);
      clock.textContent = `The lobby: ${state.joined} joined. Turn 1 starts when you press Start.`;
      parts.push(el("button", { onclick: () => post(`/${code}/start?${q}`, {}) },
                    "Start the first turn"));
    } else {
      const label = `Turn ${state.turn} of ${state.turns}`;
      if (state.resolving) {
        clearInterval(clockTimer);
        clock.textContent = `${label}: resolving…`;
      } else if (state.advance === "facilitator") {
        clearInterval(clockTimer);
        clock.textContent = label;
      } else {
        runClock(clock, state.deadline, `${label}: `);
      }
      parts.push(el("span", { class: "decided-count" }, `${state.decided} of ${state.joined} decided`));
      const end = el("button", { class: "next-turn", disabled: state.resolving, onclick: async () => {
        end.disabled = true;
        end.textContent = `Resolving turn ${state.turn}…`;
        const reply = await post(`/${code}/next?${q}`, { turn: state.turn - 1 });
        page.message = reply.data.message || reply.data.error || "";
        end.disabled = false;
      } }, state.resolving ? `Resolving turn ${state.turn}…` : `End turn ${state.turn} now`);
      parts.push(end);
    }
    if (page.message) parts.push(el("span", { class: "more" }, page.message));
    status.replaceChildren(...parts);
    if (state.turn - 1 !== page.charted && !state.resolving) charts(state.turn - 1);
  }

  // The standings, drawn here once per turn: every seat's bar beside both bots' same area.
  async function charts(turn) {
    page.charted = turn;
    const reply = await call(`/${code}/standings?${q}`);
    if (!reply.ok || !reply.data.rows.length) return body.replaceChildren();
    const rows = reply.data.rows;
    body.replaceChildren(
      chart(rows, "Value per week", "value_per_week", "ticket_coordinator_value", "empowered_product_owner_value"),
      chart(rows, "Shipped per quarter", "throughput", "ticket_coordinator_throughput", "empowered_product_owner_throughput"));
  }

  async function reveal() {
    clearInterval(clockTimer);
    status.replaceChildren(el("span", { class: "turn-clock" }, "The reveal: throughput against value, every seat and both bots."));
    const figure = el("div", { class: "figure" }, "Drawing the reveal…");
    const base = `${API}/${code}`;
    body.replaceChildren(el("div", { class: "reveal" }, figure,
      el("div", { class: "downloads" },
        el("a", { href: `${base}/debrief.html?${q}`, download: `debrief_${code}.html` },
           "Download the debrief (HTML)"),
        el("a", { href: `${base}/log?${q}`, download: `room_${code}.jsonl` },
           "Download the decision log"))));
    const response = await fetch(`${base}/reveal.svg?${q}`);
    figure.innerHTML = await response.text(); // matplotlib's SVG: names escaped as SVG text
  }
}

const NS = "http://www.w3.org/2000/svg";
const COLOURS = { seat: "#333333", coordinator: "#c44e52", empowered: "#55a868" };

function svg(tag, attrs, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function chart(rows, title, seatKey, coordinatorKey, empoweredKey) {
  // Rows share the height: 30 seats fit a 1280x720 projector with labels of 11 px or more (tested).
  const width = 600, rowHeight = 24, font = 16;
  // A long name is cut with an ellipsis (whole in its tooltip and in the reveal's key).
  const MAX = 30;
  const labels = rows.map((r) => {
    const text = `${r.seat} · ${r.player}`;
    return text.length > MAX ? text.slice(0, MAX - 1) + "…" : text;
  });
  const longest = Math.max(...labels.map((t) => t.length));
  const labelWidth = Math.min(0.45 * width, longest * font * 0.56 + 8);
  const height = rows.length * rowHeight + 24;
  const values = rows.flatMap((r) => [r[seatKey], r[coordinatorKey], r[empoweredKey]]);
  const low = Math.min(0, ...values), high = Math.max(0, ...values, 1e-9);
  const x = (v) => labelWidth + ((v - low) / (high - low)) * (width - labelWidth - 50);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "xMinYMin meet",
                            role: "img", "aria-label": title, class: "standings" });
  rows.forEach((r, k) => {
    const y = k * rowHeight;
    const label = svg("text", { x: labelWidth - 6, y: y + rowHeight * 0.65, "text-anchor": "end",
                                "font-size": font, class: "seat-label" }, labels[k]);
    label.append(svg("title", {}, `${r.seat} · ${r.player}`));
    root.append(label);
    [[seatKey, COLOURS.seat], [coordinatorKey, COLOURS.coordinator], [empoweredKey, COLOURS.empowered]]
      .forEach(([key, colour], j) => {
        const v = r[key];
        root.append(svg("rect", { x: Math.min(x(0), x(v)), y: y + 3 + j * 6, height: 6,
                                  width: Math.max(1, Math.abs(x(v) - x(0))), fill: colour }));
      });
    root.append(svg("text", { x: Math.max(x(0), x(r[seatKey])) + 4, y: y + rowHeight * 0.65,
                              "font-size": font - 2, fill: "#111" }, r[seatKey].toFixed(1)));
  });
  root.append(svg("line", { x1: x(0), x2: x(0), y1: 0, y2: rows.length * rowHeight, stroke: "#666" }));
  return el("div", { class: "chart" }, el("h2", {}, title),
    el("div", { class: "legend" },
       el("span", { style: `--c:${COLOURS.seat}` }, "seat"),
       el("span", { style: `--c:${COLOURS.coordinator}` }, "coordinator bot"),
       el("span", { style: `--c:${COLOURS.empowered}` }, "empowered bot")),
    root);
}

// -- which page

(async function start() {
  const code = (query.get("room") || "").toUpperCase();
  const facilitate = (query.get("facilitate") || "").toUpperCase();
  if (facilitate) {
    // The key leaves the address bar (the projector shows it to the room); this browser keeps it.
    if (query.get("key")) store(`key:${facilitate}`, query.get("key"));
    history.replaceState(null, "", `/play?facilitate=${facilitate}`);
    return facilitator(facilitate, recall(`key:${facilitate}`) || "");
  }
  if (query.get("seat")) return participant(code, query.get("seat"));
  const kept = code && recall(`seat:${code}`);
  if (kept && kept.token) {
    // This device sat in this room before: the same seat again.
    const reply = await post("/join", { code, token: kept.token });
    if (reply.ok) return enterSeat(reply.data.code, reply.data.token);
  }
  landing();
})();
