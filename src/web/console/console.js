// Helpline technician console: a plain client of /api/technician (technician-api.md).
// Everything the user wrote is data: it is put on the page with textContent, never as HTML.
'use strict';
(function () {
  const API = '/api/technician';
  const $ = (id) => document.getElementById(id);
  const state = { me: null, status: 'waiting', open: null, cursor: undefined, polling: null, chatLoop: 0, resume: null, endsAt: undefined };

  /** A JSON request with the session cookie and the console header (the API's CSRF guard). */
  async function api(method, path, body) {
    const headers = { 'x-helpline-console': '1' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(API + path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status === 401 && path !== '/login') {
      // The time only when it is the end the console expected (not a sign-out in another tab).
      const at = state.endsAt !== undefined && state.endsAt <= Date.now() + 60_000 ? clockTime(state.endsAt) : undefined;
      signedOut();
      const error = new Error(sessionEnded(at));
      error.code = 'unauthenticated';
      throw error;
    }
    const data = res.status === 204 ? null : await res.json().catch(() => null);
    const expires = res.headers.get('x-session-expires') || (path === '/login' && res.ok && data ? data.expiresAt : null);
    if (expires) noteExpiry(expires, res.headers.get('date'));
    if (!res.ok) {
      const error = new Error((data && data.error && data.error.message) || 'Request failed (' + res.status + ').');
      error.code = data && data.error && data.error.code;
      throw error;
    }
    return data;
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  const say = (text) => { $('status').textContent = text; };
  const fail = (error) => { $('error').textContent = error instanceof Error ? error.message : String(error); };
  const clearError = () => { $('error').textContent = ''; };
  const guard = (fn) => (...args) => { clearError(); return Promise.resolve(fn(...args)).catch(fail); };

  function duration(seconds) {
    if (seconds < 60) return seconds + ' s';
    const m = Math.floor(seconds / 60);
    if (m < 60) return m + ' min ' + (seconds % 60) + ' s';
    return Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  }

  // ---- the session's end ----
  // Each request slides the session, up to 24 hours after sign-in, and the answer says when it now
  // ends (X-Session-Expires). The technician is warned a few minutes before, and told when it has
  // ended, rather than finding out from a reply that was not sent. The end is kept on this browser's
  // clock, set by the server's Date header, so a machine whose clock is wrong warns on time.
  const WARN_MS = 5 * 60_000;
  const sessionEnded = (at) => 'Your session ' + (at ? 'ended at ' + at : 'has ended') + ', so you are signed out. Sign in again within 5 minutes to keep the chats you held; after that they go back to the queue for a colleague, and their users are told.';
  const clockTime = (ms) => {
    const d = new Date(ms);
    return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
  };

  function noteExpiry(expiresAt, serverDate) {
    const at = Date.parse(expiresAt);
    if (Number.isNaN(at)) return;
    const serverNow = Date.parse(serverDate || '');
    state.endsAt = Date.now() + at - (Number.isNaN(serverNow) ? Date.now() : serverNow);
    checkExpiry();
  }

  // Only a warning: the server decides when the session ends (a request from another tab may have
  // slid it), and the queue's poll, every 2 s, learns it from the 401 that then signs out.
  function checkExpiry() {
    const left = state.me && state.endsAt !== undefined ? state.endsAt - Date.now() : Infinity;
    $('session-warning').hidden = !(left > 0 && left <= WARN_MS);
    if ($('session-warning').hidden) return;
    // Using the console no longer helps this close to the end (the 24-hour cap): only a new sign-in does.
    const text = 'Your session ends in ' + Math.ceil(left / 60_000) + ' min, at ' + clockTime(state.endsAt) + '. Sign in again before then to keep your chats; otherwise they go back to the queue.';
    if ($('session-warning-text').textContent !== text) $('session-warning-text').textContent = text;
  }
  setInterval(checkExpiry, 1000);

  // A new sign-in while the old session lasts: the desk stays as it is, open chat and all.
  $('renew').addEventListener('click', () => {
    $('login-view').hidden = false;
    $('username').focus();
  });

  // ---- signing in and out ----
  function signedOut() {
    // A session that ends with a handoff open (it expired over lunch) reopens it after signing in
    // again; meanwhile its chat stops polling, whose every refusal would sign out again and move
    // the focus to Username while the technician types their password.
    if (state.open && state.me) state.resume = { id: state.open.id, by: state.me.id };
    closeDetail();
    state.me = null;
    state.endsAt = undefined;
    $('session-warning').hidden = true;
    sessionStorage.removeItem('helpline.technician');
    stopPolling();
    $('who').hidden = true;
    $('desk-view').hidden = true;
    $('login-view').hidden = false;
    $('username').focus();
  }

  function signedIn(me) {
    state.me = me;
    sessionStorage.setItem('helpline.technician', JSON.stringify(me));
    $('who-name').textContent = me.name;
    $('who').hidden = false;
    $('login-view').hidden = true;
    $('desk-view').hidden = false;
    startPolling();
    const wanted = /#handoff=([A-Za-z0-9-]+)/.exec(location.hash);
    if (wanted) openHandoff(wanted[1]).catch(fail);
  }

  $('login-form').addEventListener('submit', guard(async (event) => {
    event.preventDefault();
    const data = await api('POST', '/login', { username: $('username').value, password: $('password').value });
    $('password').value = '';
    say('Signed in.');
    signedIn(data.technician);
    const resume = state.resume;
    state.resume = null;
    if (resume && resume.by === data.technician.id) await openHandoff(resume.id);
  }));

  $('sign-out').addEventListener('click', guard(async () => {
    await api('POST', '/logout').catch(() => undefined);
    closeDetail();
    signedOut();
    say('Signed out. A chat you held goes back to the queue for a colleague, unless you are signed in elsewhere.');
  }));

  // ---- the queue, refreshed every 2 seconds ----
  // A network blip fails every poll until it passes: one calm line while it lasts, gone with the next answer.
  const UNREACHABLE = "Can't reach the server; retrying...";
  function pollQueue() {
    return refreshQueue().then(
      () => { if ($('error').textContent === UNREACHABLE) clearError(); },
      (error) => fail(error instanceof TypeError ? UNREACHABLE : error),
    );
  }
  function startPolling() {
    stopPolling();
    pollQueue();
    state.polling = setInterval(pollQueue, 2000);
  }
  function stopPolling() {
    if (state.polling) clearInterval(state.polling);
    state.polling = null;
  }

  async function refreshQueue() {
    const data = await api('GET', '/handoffs?status=' + encodeURIComponent(state.status));
    const rows = $('queue-rows');
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.id : undefined;
    rows.replaceChildren();
    // Waiting users are listed in the order they were told their place: security reports (high
    // priority) first, then oldest first as the API lists them (the sort keeps that order).
    const handoffs = state.status === 'waiting' ? data.handoffs.slice().sort((a, b) => (b.priority === 'high') - (a.priority === 'high')) : data.handoffs;
    for (const h of handoffs) {
      const tr = el('tr', undefined, h.priority === 'high' ? 'priority' : '');
      tr.append(el('td', duration(h.waitingSeconds)), el('td', h.device));
      const summary = el('td');
      if (h.priority === 'high') summary.append(el('strong', 'Priority ', 'badge'));
      if (h.followUp) summary.append(el('span', h.followUp === 'callback' ? 'Callback ' : 'Email ', 'badge'));
      summary.append(document.createTextNode(h.summary));
      tr.append(summary, el('td', h.assignedTo ? h.assignedTo.name : '—'));
      const open = el('button', 'Open');
      open.type = 'button';
      open.dataset.id = h.id;
      open.setAttribute('aria-label', 'Open handoff waiting ' + duration(h.waitingSeconds) + ': ' + h.summary);
      open.addEventListener('click', guard(() => openHandoff(h.id)));
      const cell = el('td');
      cell.append(open);
      tr.append(cell);
      rows.append(tr);
      if (focused === h.id) open.focus();
    }
    $('queue-empty').hidden = data.handoffs.length > 0;
    $('queue-empty').textContent = state.status === 'waiting' ? 'Nobody is waiting.' : 'No handoffs here.';
  }

  for (const tab of document.querySelectorAll('.tab')) {
    tab.addEventListener('click', guard(async () => {
      state.status = tab.dataset.status;
      for (const t of document.querySelectorAll('.tab')) t.setAttribute('aria-pressed', String(t === tab));
      await refreshQueue();
    }));
  }

  // ---- one handoff ----
  const heldByMe = (h) => Boolean(h && h.assignedTo && state.me && h.assignedTo.id === state.me.id);
  const holds = (h) => h && h.status === 'assigned' && heldByMe(h);

  async function openHandoff(id) {
    const h = await api('GET', '/handoffs/' + encodeURIComponent(id));
    if (!state.open || state.open.id !== h.id) {
      state.cursor = undefined;
      $('chat').replaceChildren();
    }
    showDetail(h);
    $('detail-title').focus();
  }

  /**
   * Seconds since the user of a waiting handoff last wrote, from its transcript (none with recording
   * off). A user who closed the tab or walked away from Teams keeps their ticket; this tells the
   * technician about to claim it whether anyone is likely still there. Measured on the server's
   * clock (created plus waited), which the transcript's times are on, not the browser's.
   */
  function quietSeconds(h) {
    const last = h.transcript.filter((t) => t.from === 'user').at(-1);
    if (!last) return undefined;
    const now = Date.parse(h.createdAt) + h.waitingSeconds * 1000;
    return Math.max(0, Math.round((now - Date.parse(last.timestamp)) / 1000));
  }

  function closeDetail() {
    state.open = null;
    state.chatLoop++;
    $('detail').hidden = true;
  }

  function showDetail(h) {
    state.open = h;
    $('detail').hidden = false;
    $('detail-title').textContent = 'Handoff ' + h.id;
    $('detail-title').tabIndex = -1;
    const who = h.assignedTo ? ' · with ' + h.assignedTo.name : '';
    const quiet = h.status === 'waiting' ? quietSeconds(h) : undefined;
    $('detail-meta').textContent = h.status + who + ' · ' + (h.priority === 'high' ? 'priority · ' : '') + 'waited ' + duration(h.waitingSeconds) + (h.outcome ? ' · ' + h.outcome : '') +
      (quiet === undefined ? '' : ' · user last wrote ' + duration(quiet) + ' ago');
    $('claim').hidden = h.status !== 'waiting';

    const facts = $('case-facts');
    facts.replaceChildren();
    // The queue's summary carries what the user added to the ticket while it waited (notes, the time for a call):
    // shown here too, unless it only repeats the problem or the reason.
    const summary = h.summary !== h.case.problem && h.summary !== h.reason ? h.summary : undefined;
    for (const [term, value] of [['Device', h.case.device], ['Problem', h.case.problem], ['Summary', summary], ['Reason', h.reason], ['Resolution', h.resolution], ['Release note', h.releaseNote]]) {
      if (value) facts.append(el('dt', term), el('dd', value));
    }
    // Another problem the user asked a technician about while the ticket waited: the same person deals with it.
    for (const p of h.case.addedProblems || []) {
      const tried = p.stepsTried.map((s) => s.text.replace(/\*\*|__/g, '') + ' → ' + s.outcome).join('; ');
      facts.append(el('dt', 'Also asked later'), el('dd', p.problem + (p.device === 'none' ? '' : ' (' + p.device + ')') + (tried ? '. Tried: ' + tried : '')));
    }
    if (h.case.refund) {
      const r = h.case.refund;
      facts.append(el('dt', 'Refund check'), el('dd', (r.eligible ? 'Looks eligible (' + r.refundableAmount + ')' : 'Not eligible') + ': ' + r.rule));
    }

    const steps = $('steps');
    steps.replaceChildren();
    // Step texts are the flows' markdown; the console shows them as plain text, so the emphasis marks go.
    for (const s of h.case.stepsTried) steps.append(el('li', s.text.replace(/\*\*|__/g, '') + ' → ' + s.outcome));
    if (h.case.stepsTried.length === 0) steps.append(el('li', 'Nothing tried yet.', 'muted'));

    const contact = $('contact');
    contact.replaceChildren();
    for (const [field, value] of Object.entries(h.case.contact)) {
      const dd = el('dd');
      const shown = el('span', value);
      dd.append(shown);
      const reveal = el('button', 'Reveal');
      reveal.type = 'button';
      reveal.setAttribute('aria-label', 'Reveal ' + field + ' (recorded in the audit log)');
      reveal.addEventListener('click', guard(async () => {
        const data = await api('POST', '/handoffs/' + encodeURIComponent(h.id) + '/reveal', { field });
        reveal.remove();
        if (data.value === null) {
          say('Nothing to reveal: the user has not shared their ' + field + ' on this ticket. Nothing was recorded.');
          return;
        }
        shown.textContent = data.value;
        say('Revealed ' + field + '. This is recorded in the audit log.');
      }));
      dd.append(' ', reveal);
      contact.append(el('dt', field), dd);
    }
    if (Object.keys(h.case.contact).length === 0) contact.append(el('dd', 'No contact details shared.', 'muted'));

    const consents = $('consents');
    consents.replaceChildren();
    const label = { remoteAccess: 'Remote access', recording: 'Transcript recording' };
    for (const [key, on] of Object.entries(h.case.consents)) consents.append(el('li', (label[key] || key) + ': ' + (on ? 'yes' : 'no')));

    const transcript = $('transcript');
    transcript.replaceChildren();
    for (const t of h.transcript) transcript.append(chatLine(t.from, t.text, t.timestamp));
    if (h.transcript.length === 0) transcript.append(el('li', h.case.consents.recording ? 'No transcript yet.' : 'The user turned recording off: there is no transcript.', 'muted'));
    // The latest exchange is what a technician picking up needs first; earlier lines are a scroll up.
    transcript.scrollTop = transcript.scrollHeight;

    // The chat of a handoff this technician held stays readable after it ends: the user's last lines
    // may have come as it ended (with recording off they are nowhere else), but nothing is sent any more.
    $('live').hidden = !(holds(h) || (h.status === 'ended' && heldByMe(h) && $('chat').children.length > 0));
    $('live-title').textContent = holds(h) ? 'Live chat' : 'Live chat (ended)';
    $('send-form').hidden = !holds(h);
    $('end-forms').hidden = !holds(h);
    // A supervisor may release what another technician holds (one away with it), never take over its chat.
    const supervisor = Boolean(state.me && (state.me.roles || []).includes('supervisor'));
    $('takeover').hidden = !(supervisor && h.status === 'assigned' && !holds(h));
    if (holds(h)) startChat(h.id);
    else state.chatLoop++;
  }

  function chatLine(from, text, timestamp) {
    const li = el('li', undefined, 'from-' + from);
    const time = timestamp ? new Date(timestamp).toLocaleTimeString() : '';
    li.append(el('span', (from === 'user' ? 'User' : from === 'technician' ? 'Technician' : from === 'system' ? 'Notice' : 'Bot') + (time ? ' · ' + time : ''), 'who'));
    li.append(el('p', text));
    return li;
  }

  /**
   * Adds a line to the live chat and keeps the newest line in view, unless the technician has
   * scrolled up to read something (then new lines do not pull them away); their own message always shows.
   */
  function appendChat(line, own) {
    const chat = $('chat');
    const atEnd = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 40;
    chat.append(line);
    if (atEnd || own) chat.scrollTop = chat.scrollHeight;
  }

  /** Long-polls the live chat (both directions) while this technician holds the open handoff. */
  async function startChat(id) {
    const loop = ++state.chatLoop;
    const pause = () => new Promise((r) => setTimeout(r, 2000));
    while (loop === state.chatLoop && state.open && state.open.id === id) {
      try {
        const query = '?wait=20' + (state.cursor ? '&after=' + encodeURIComponent(state.cursor) : '');
        const data = await api('GET', '/handoffs/' + encodeURIComponent(id) + '/messages' + query);
        if (loop !== state.chatLoop) return;
        state.cursor = data.cursor;
        // Both directions come from here (the technician's own replies too), so a reloaded console shows the whole chat in order.
        for (const m of data.messages) appendChat(chatLine(m.from, m.text, m.timestamp), m.from === 'technician');
        if (data.messages.length > 0) continue;
      } catch (error) {
        if (loop !== state.chatLoop) return;
        if (error.code !== 'ended') {
          fail(error);
          await pause();
          continue;
        }
      }
      // Nothing new, or the handoff ended without this technician (the user erased their data, a hub
      // finished it): an ended one answers at once, so it is shown as it is now instead of asked again.
      const h = await api('GET', '/handoffs/' + encodeURIComponent(id)).catch((error) => void fail(error));
      if (loop !== state.chatLoop) return;
      if (h && h.status !== 'assigned') {
        showDetail(h);
        say('This handoff has ended.');
        return;
      }
      if (!h) await pause();
    }
  }

  // A user on the phone reads out the ticket id from their chat: any handoff, open or ended, opens by it.
  $('find-form').addEventListener('submit', guard(async (event) => {
    event.preventDefault();
    const id = $('ticket').value.trim();
    if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw new Error('A ticket id has letters, digits and dashes, like T-7KX2M9QD4P.');
    await openHandoff(id);
    $('ticket').value = '';
  }));

  $('claim').addEventListener('click', guard(async () => {
    const id = state.open.id;
    const h = await api('POST', '/handoffs/' + encodeURIComponent(id) + '/claim').catch(async (error) => {
      // Another technician claimed it first (or the user left): show who has it now, not a stale Claim button.
      if (error.code === 'conflict' || error.code === 'ended') showDetail(await api('GET', '/handoffs/' + encodeURIComponent(id)));
      throw error;
    });
    say('You have claimed this handoff. The user has been told.');
    showDetail(h);
    $('message').focus();
    refreshQueue().catch(fail);
  }));

  $('send-form').addEventListener('submit', guard(async (event) => {
    event.preventDefault();
    const text = $('message').value.trim();
    if (!text) return;
    // The line shows when the chat's long-poll returns it (at once), in its place among the user's.
    await api('POST', '/handoffs/' + encodeURIComponent(state.open.id) + '/messages', { text }).catch((error) => {
      // The box is not cleared, and the handoff reopens after signing in again, so the text is still there to send.
      if (error.code === 'unauthenticated') throw new Error("Your session has ended, so your message was not sent. It's still in the box: sign in again and press Send.");
      throw error;
    });
    $('message').value = '';
    $('message').focus();
  }));

  $('message').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      $('send-form').requestSubmit();
    }
  });

  /**
   * Ends the open handoff. The answer carries what the user wrote since the chat's cursor, which the
   * chat's poll may not have fetched (and with recording off can no longer fetch): shown unless the
   * poll got there first.
   */
  async function endHandoff(action, body) {
    const mine = holds(state.open);
    const h = await api('POST', '/handoffs/' + encodeURIComponent(state.open.id) + '/' + action, mine && state.cursor ? { ...body, after: state.cursor } : body);
    if (mine && state.open && state.open.id === h.id) {
      for (const m of h.messages || []) {
        if (state.cursor && m.id <= state.cursor) continue;
        appendChat(chatLine(m.from, m.text, m.timestamp), false);
        state.cursor = m.id;
      }
    }
    return h;
  }

  /** Releases the open handoff to the bot with the note typed in `noteId`: the holder's form and a supervisor's. */
  const releaseWith = (noteId) => guard(async (event) => {
    event.preventDefault();
    const note = $(noteId).value.trim();
    const h = await endHandoff('release', note ? { note } : {});
    $(noteId).value = '';
    say('Released: the bot has the conversation again.');
    showDetail(h);
    refreshQueue().catch(fail);
  });
  $('release-form').addEventListener('submit', releaseWith('note'));
  $('takeover-form').addEventListener('submit', releaseWith('takeover-note'));

  $('resolve-form').addEventListener('submit', guard(async (event) => {
    event.preventDefault();
    const h = await endHandoff('resolve', { resolution: $('resolution').value.trim() });
    $('resolution').value = '';
    say('Resolved. The user has been thanked and asked for a rating.');
    showDetail(h);
    refreshQueue().catch(fail);
  }));

  // ---- start ----
  const saved = sessionStorage.getItem('helpline.technician');
  if (saved) {
    try {
      signedIn(JSON.parse(saved));
    } catch {
      signedOut();
    }
  } else {
    signedOut();
  }
})();
