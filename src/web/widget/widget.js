// The Helpline chat widget: Web Chat over Direct Line (polling), with no cookies.
// P17: the conversation is remembered across reloads only when the user ticks the box, and the
// Global Privacy Control signal is passed to the bot as a sharing/marketing opt-out.
(function () {
  'use strict';

  var STORAGE_KEY = 'helpline.conversation';
  var TOKEN_SAVE_INTERVAL_MS = 60 * 1000;
  var CONNECTION_CONNECTING = 1; // DirectLineJS ConnectionStatus.Connecting
  var CONNECTION_ONLINE = 2; // DirectLineJS ConnectionStatus.Online
  var CONNECTION_FAILED = 4; // DirectLineJS ConnectionStatus.FailedToConnect
  var RECONNECT_MAX_DELAY_MS = 15 * 1000;
  var MAX_MESSAGE_CHARS = 10000; // the server refuses longer texts (MAX_TEXT_CHARS in src/server/activity-schema.ts)
  var CONNECTION_ENDED = 5; // DirectLineJS ConnectionStatus.Ended

  var chatElement = document.getElementById('webchat');
  var statusElement = document.getElementById('chat-status');
  var rememberBox = document.getElementById('remember');
  var gpcNote = document.getElementById('gpc-note');
  var gpc = navigator.globalPrivacyControl === true;

  var session = null; // { token, conversationId, domain, gpcSent }
  var directLine = null;
  var reconnectTimer = null;
  var reconnectDelayMs = 1000;
  var currentStore = null;
  var sendHeld = false; // the user asked to send while the line was down

  function readSaved() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || 'null');
      if (saved && typeof saved.token === 'string' && typeof saved.conversationId === 'string' && typeof saved.domain === 'string') {
        return saved;
      }
    } catch (ignored) {
      // Storage disabled or a damaged entry: behave as if nothing was remembered.
    }
    return null;
  }

  function save() {
    if (!rememberBox.checked || !session) return;
    try {
      window.localStorage.setItem(
        STORAGE_KEY,
        JSON.stringify({ token: session.token, conversationId: session.conversationId, domain: session.domain, gpcSent: session.gpcSent })
      );
    } catch (ignored) {
      // Storage may be full or disabled; the chat still works, it just won't be remembered.
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(STORAGE_KEY);
    } catch (ignored) {
      // Nothing was stored.
    }
  }

  function showStatus(text, kind) {
    statusElement.textContent = text;
    statusElement.dataset.kind = kind || '';
  }

  async function newSession() {
    var response = await fetch('/api/directline/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      credentials: 'omit',
      cache: 'no-store'
    });
    if (!response.ok) throw new Error('token request failed: ' + response.status);
    var body = await response.json();
    return { token: body.token, conversationId: body.conversationId, domain: body.domain, gpcSent: false, resumed: false };
  }

  // A remembered token may have expired while the page was closed: refreshing tells us at once.
  async function resumeSession(saved) {
    try {
      var response = await fetch(saved.domain + '/tokens/refresh', {
        method: 'POST',
        headers: { authorization: 'Bearer ' + saved.token },
        credentials: 'omit',
        cache: 'no-store'
      });
      if (!response.ok) return null;
      var body = await response.json();
      if (body.conversationId && body.conversationId !== saved.conversationId) return null;
      return { token: body.token, conversationId: saved.conversationId, domain: saved.domain, gpcSent: saved.gpcSent === true, resumed: true };
    } catch (ignored) {
      return null;
    }
  }

  function sendGpcSignal(store) {
    if (!gpc || !session || session.gpcSent) return;
    session.gpcSent = true;
    save();
    store.dispatch({
      type: 'DIRECT_LINE/POST_ACTIVITY',
      meta: { method: 'code' },
      payload: { activity: { type: 'event', name: 'helpline.gpc', value: { gpc: true } } }
    });
  }

  // The user id is the token's "user" claim (as Web Chat reads it); Azure's Direct Line wants it on what is posted.
  function userIdOf(token) {
    try {
      var payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(payload + '==='.slice((payload.length + 3) % 4))).user || 'user';
    } catch (ignored) {
      return 'user';
    }
  }

  function focusSendBox() {
    var attempts = 0;
    var timer = setInterval(function () {
      var input = chatElement.querySelector('[data-id="webchat-sendbox-input"]');
      attempts += 1;
      if (input) {
        input.focus();
        clearInterval(timer);
      } else if (attempts > 100) {
        clearInterval(timer);
      }
    }, 50);
  }

  /*
   * DirectLineJS stops polling for good after one failed poll (offline for a moment, the server
   * restarting, a 5xx or 429) yet keeps reporting itself online: the user would see no reply again
   * and every message would stay "Sending". So the widget notices a failed poll itself, shows Web
   * Chat's "reconnecting" state (which also holds new messages until the line is back), and once
   * the conversation answers again sets the line online, which starts a new poller from the same
   * watermark: nothing is lost or shown twice.
   */
  function watchPolling() {
    var open = XMLHttpRequest.prototype.open;
    XMLHttpRequest.prototype.open = function (method, url) {
      if (method === 'GET' && /\/conversations\/[^/?]+\/activities\?watermark=/.test(String(url))) {
        var line = directLine;
        this.addEventListener('loadend', function () {
          // 403 (token refresh) and 404 (conversation ended) DirectLineJS handles itself.
          var fatal = this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
          if (fatal && line === directLine) pollingStopped();
        });
      }
      return open.apply(this, arguments);
    };
  }

  function pollingStopped() {
    if (reconnectTimer || !directLine) return;
    directLine.connectionStatus$.next(CONNECTION_CONNECTING);
    reconnectDelayMs = 1000;
    reconnectTimer = setTimeout(tryReconnect, reconnectDelayMs);
  }

  async function tryReconnect() {
    var line = directLine;
    var answered = false;
    try {
      var response = await fetch(session.domain + '/conversations/' + encodeURIComponent(session.conversationId), {
        headers: { authorization: 'Bearer ' + (line.token || session.token) },
        credentials: 'omit',
        cache: 'no-store'
      });
      // A 4xx (expired token, ended conversation) is for DirectLineJS to handle once it polls again.
      answered = response.status < 500 && response.status !== 408 && response.status !== 429;
    } catch (ignored) {
      // Still offline or the server still down.
    }
    if (line !== directLine) return;
    if (answered) {
      reconnectTimer = null;
      line.connectionStatus$.next(CONNECTION_ONLINE);
    } else {
      reconnectDelayMs = Math.min(reconnectDelayMs * 2, RECONNECT_MAX_DELAY_MS);
      reconnectTimer = setTimeout(tryReconnect, reconnectDelayMs);
    }
  }

  /*
   * While the line is down Web Chat refuses a send with only a screen-reader hint, and the text just
   * sits in the box. So the widget takes the Enter (or the send button) itself: the text stays, the
   * status line says it will go, and it is sent once the line is back (whatever the box then holds).
   */
  function holdSendWhileOffline(event) {
    if (!currentStore || !chatElement.contains(event.target)) return;
    if (event.type === 'keypress' && (event.key !== 'Enter' || event.shiftKey || event.target.getAttribute('data-id') !== 'webchat-sendbox-input')) return;
    var connectivity = currentStore.getState().connectivityStatus;
    if (connectivity === 'connected' || connectivity === 'reconnected') return;
    event.preventDefault();
    event.stopPropagation();
    // Failed for good, the status line already says to reload; nothing will be sent.
    if (connectivity === 'error' || connectivity === 'sagaerror') return;
    if (!(currentStore.getState().sendBoxValue || '').trim()) return;
    sendHeld = true;
    showStatus('Not connected: your message will be sent when we reconnect.', 'held');
  }
  // Capture on the window: before Web Chat's own handlers, which React runs from the chat's element.
  window.addEventListener('keypress', holdSendWhileOffline, true);
  window.addEventListener('submit', holdSendWhileOffline, true);

  window.addEventListener('online', function () {
    if (!reconnectTimer) return;
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(tryReconnect, 0);
  });

  function render() {
    directLine = window.WebChat.createDirectLine({
      token: session.token,
      domain: session.domain,
      webSocket: false,
      conversationId: session.resumed ? session.conversationId : undefined
    });
    var resumed = session.resumed;
    var subscription = directLine.connectionStatus$.subscribe(function (status) {
      if (resumed && (status === CONNECTION_ENDED || status === CONNECTION_FAILED)) {
        // The remembered conversation is gone (expired or erased): start a fresh one.
        subscription.unsubscribe();
        forget();
        restart();
      } else if (status === CONNECTION_FAILED) {
        showStatus('Sorry, the chat could not connect. Please reload the page to try again.');
      }
    });
    var store = window.WebChat.createStore({}, function (api) {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED') setTimeout(function () { sendGpcSignal(store); }, 0);
          if (action.type === 'WEB_CHAT/SUBMIT_SEND_BOX') {
            // Sent anyway, the server would refuse it and Web Chat only says "Send failed. Retry",
            // which fails again: say why instead, and leave the text in the box to shorten.
            var length = (api.getState().sendBoxValue || '').trim().length;
            if (length > MAX_MESSAGE_CHARS) {
              showStatus(
                'Your message is too long to send (' + length.toLocaleString('en') + ' characters; the limit is ' +
                  MAX_MESSAGE_CHARS.toLocaleString('en') + '). Please shorten it or send it in parts.',
                'too-long'
              );
              return undefined;
            }
            if (statusElement.dataset.kind === 'too-long') showStatus('');
          }
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' || action.type === 'DIRECT_LINE/RECONNECT_FULFILLED') {
            var result = next(action);
            if (statusElement.dataset.kind === 'held') showStatus('');
            // From this action on Web Chat takes submits again: whatever is in the box now goes.
            if (sendHeld) {
              sendHeld = false;
              setTimeout(function () { store.dispatch({ type: 'WEB_CHAT/SUBMIT_SEND_BOX', payload: { method: 'keyboard' } }); }, 0);
            }
            return result;
          }
          return next(action);
        };
      };
    });
    currentStore = store;
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        store: store,
        locale: document.documentElement.lang || 'en',
        styleOptions: {
          hideUploadButton: true,
          sendBoxTextWrap: true,
          // A carousel hid all but the first choice or two on a phone behind a small arrow.
          suggestedActionLayout: 'flow',
          // ...and a long list of choices scrolls rather than push the transcript out of the frame.
          suggestedActionsFlowMaxHeight: '40vh',
          accent: '#0b57d0',
          bubbleBorderRadius: 8,
          bubbleFromUserBorderRadius: 8
        }
      },
      chatElement
    );
    focusSendBox();
  }

  function restart() {
    if (directLine) directLine.end();
    clearTimeout(reconnectTimer);
    reconnectTimer = null;
    sendHeld = false;
    // A fresh element, so the new Web Chat does not inherit the old one's React tree.
    var fresh = chatElement.cloneNode(false);
    chatElement.parentNode.replaceChild(fresh, chatElement);
    chatElement = fresh;
    session = null;
    start();
  }

  async function start() {
    showStatus('');
    var saved = readSaved();
    rememberBox.checked = saved !== null;
    try {
      session = saved ? await resumeSession(saved) : null;
      if (!session) {
        if (saved) forget();
        session = await newSession();
      }
      save();
      render();
    } catch (error) {
      showStatus('Sorry, the chat could not start. Please reload the page to try again.');
    }
  }

  rememberBox.addEventListener('change', function () {
    if (rememberBox.checked) save();
    else forget();
  });

  /*
   * A chat that is not remembered is gone for good with the page: a ticket waiting in it would reach a
   * technician with nobody there. So the bot is told (endOfConversation); it takes a waiting ticket out
   * of the queue and tells a technician already chatting. keepalive lets the request outlive the page
   * (sendBeacon cannot carry the token). A page kept in the back/forward cache may come back, so it is not told.
   */
  window.addEventListener('pagehide', function (event) {
    if (event.persisted || rememberBox.checked || !session || !directLine) return;
    try {
      fetch(session.domain + '/conversations/' + encodeURIComponent(session.conversationId) + '/activities', {
        method: 'POST',
        keepalive: true,
        headers: { authorization: 'Bearer ' + (directLine.token || session.token), 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'endOfConversation', from: { id: userIdOf(directLine.token || session.token) } }),
        credentials: 'omit',
        cache: 'no-store'
      }).catch(function () {
        // Offline as the page closes: nothing more can be done from here.
      });
    } catch (ignored) {
      // A browser without keepalive: the ticket then waits as before.
    }
  });

  // DirectLineJS refreshes its token while the page is open; a remembered conversation keeps the fresh one.
  setInterval(function () {
    if (session && directLine && directLine.token && directLine.token !== session.token) {
      session.token = directLine.token;
      save();
    }
  }, TOKEN_SAVE_INTERVAL_MS);

  if (gpc) gpcNote.hidden = false;
  watchPolling();
  if (!window.WebChat) {
    showStatus('Sorry, the chat could not load. Please reload the page to try again.');
    return;
  }
  start();
})();
