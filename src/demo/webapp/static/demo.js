// Cloakroom demo shop: the panel's countdowns and the idle warning. The page polls /status, a passive
// path in web.xml, so the polling itself never keeps the session alive: leave the page alone and the
// session ends at its idle timeout, and the page says so. One check at a time; after a failed check the
// next waits twice as long, and after a few failed checks in a row the page stops and says so.
(function () {
  'use strict';
  var panel = document.querySelector('[data-session-panel]');
  if (!panel || panel.getAttribute('data-session') !== 'yes') {
    return;
  }
  var statusUrl = panel.getAttribute('data-status-url');
  var signinUrl = panel.getAttribute('data-signin-url');
  var idleTimeoutMs = Number(panel.getAttribute('data-idle-timeout-ms')) || 0;
  // warn in the last minute, or the last third of a short timeout; poll six times per timeout, 2 to 30 s apart
  var warnMs = Math.min(60000, idleTimeoutMs / 3);
  var pollMs = Math.max(2000, Math.min(30000, idleTimeoutMs / 6));
  var banner = document.getElementById('session-banner');
  var idleOut = panel.querySelector('[data-countdown="idle"]');
  var absoluteOut = panel.querySelector('[data-countdown="absolute"]');
  var idleDeadline = null;
  var absoluteDeadline = null;
  var ended = false;
  var MAX_FAILURES = 4;
  var failures = 0;
  var inFlight = false;
  var stopped = false;
  var nextPollAt = now() + pollMs;
  var zeroPolled = false; // the one check at the moment the countdown reaches zero

  function now() { return performance.now(); }

  function update(idleLeftMs, absoluteLeftMs) {
    idleDeadline = idleLeftMs >= 0 ? now() + idleLeftMs : null;
    absoluteDeadline = now() + absoluteLeftMs;
    if (timeLeft() > 0) {
      zeroPolled = false;
    }
  }

  function timeLeft() {
    var absoluteLeft = absoluteDeadline - now();
    return idleDeadline === null ? absoluteLeft : Math.min(idleDeadline - now(), absoluteLeft);
  }

  function clock(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = s % 60;
    var mm = (h > 0 && m < 10 ? '0' : '') + m, ss = (r < 10 ? '0' : '') + r;
    return (h > 0 ? h + ':' : '') + mm + ':' + ss;
  }

  function show(kind, text, action) {
    banner.className = 'banner ' + kind;
    banner.textContent = text;
    if (action) {
      banner.appendChild(action);
    }
    banner.hidden = false;
  }

  var warnText = null;

  function warn(idleLeft) {
    if (!warnText) {
      // announced once to screen readers; the ticking text beside it is for the eye only
      var announce = document.createElement('span');
      announce.className = 'sr-only';
      announce.textContent = 'Your session is about to end for inactivity.';
      warnText = document.createElement('span');
      warnText.setAttribute('aria-hidden', 'true');
      var stay = document.createElement('button');
      stay.type = 'button';
      stay.textContent = 'Stay signed in';
      stay.addEventListener('click', function () { location.reload(); }); // an ordinary request slides the timer
      show('warn', '', stay);
      banner.insertBefore(announce, stay);
      banner.insertBefore(warnText, stay);
    }
    warnText.textContent = 'Your session ends in ' + clock(idleLeft) + ' unless you do something.';
  }

  function end(reason) {
    if (ended) {
      return;
    }
    ended = true;
    clearInterval(ticker);
    if (idleOut) { idleOut.textContent = 'ended'; }
    if (absoluteOut) { absoluteOut.textContent = 'ended'; }
    var link = document.createElement('a');
    link.href = signinUrl + (reason ? '?ended=' + encodeURIComponent(reason) : '');
    link.textContent = 'Sign in again';
    link.id = 'session-ended-link';
    var why = reason === 'absolute' ? 'it reached its absolute time limit'
        : reason === 'idle' ? 'it was idle for too long' : 'it is no longer on the server';
    show('ended', 'Your session has ended: ' + why + '. ', link);
    banner.id = 'session-ended';
  }

  function stop() {
    stopped = true;
    warnText = null;
    var reload = document.createElement('button');
    reload.type = 'button';
    reload.textContent = 'Reload';
    reload.addEventListener('click', function () { location.reload(); });
    show('warn', 'The server did not answer the last ' + MAX_FAILURES + ' checks of this session, so the'
        + ' times shown may be wrong. This page has stopped checking. ', reload);
    banner.id = 'session-unchecked';
  }

  function answered(s) {
    failures = 0;
    nextPollAt = now() + pollMs;
    if (s.session) { update(s.idleLeftMs, s.absoluteLeftMs); } else { end(s.ended); }
  }

  function failed() {
    // offline, or the store is down (503): wait longer before each next check, then give up
    failures++;
    if (failures >= MAX_FAILURES) {
      stop();
    } else {
      nextPollAt = now() + pollMs * Math.pow(2, failures - 1);
    }
  }

  function poll() {
    if (inFlight || ended || stopped) {
      return;
    }
    inFlight = true;
    fetch(statusUrl, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) { throw new Error('status ' + r.status); }
        return r.json();
      })
      .then(answered)
      .catch(failed)
      .then(function () { inFlight = false; });
  }

  function tick() {
    var idleLeft = idleDeadline === null ? null : idleDeadline - now();
    var absoluteLeft = absoluteDeadline - now();
    if (idleOut && idleLeft !== null) {
      idleOut.textContent = clock(idleLeft);
      idleOut.classList.toggle('low', idleLeft <= warnMs);
    }
    if (absoluteOut) { absoluteOut.textContent = clock(absoluteLeft); }
    if (stopped) {
      return;
    }
    var left = timeLeft();
    if (left <= 0) {
      if (!zeroPolled && failures === 0) {
        zeroPolled = true; // the server decides: another tab may have kept the session alive
        nextPollAt = now();
      }
    } else if (idleLeft !== null && idleLeft <= warnMs) {
      warn(idleLeft);
    } else if (warnText) {
      banner.hidden = true;
      warnText = null;
    }
    if (now() >= nextPollAt) {
      poll();
    }
  }

  update(Number(panel.getAttribute('data-idle-left-ms')), Number(panel.getAttribute('data-absolute-left-ms')));
  var ticker = setInterval(tick, 1000);
  tick();
}());
