// @ts-check
import { h, replace } from './dom.js';
import { plural } from './format.js';
import { problemList, requestLine } from './payload-report.js';

/** @typedef {import('./api.js').DevAgentRequest} DevAgentRequest */

/**
 * The validation report of every stored payload, newest first: what the real Agent would
 * answer and every problem found, so protocol mistakes show at a glance.
 * @param {HTMLElement} container
 * @param {DevAgentRequest[]} requests newest first
 * @param {{ problemsOnly: boolean }} options
 */
export function renderPayloads(container, requests, { problemsOnly }) {
  const rejected = requests.filter((request) => request.status !== 200).length;
  const problemCount = requests.reduce((count, request) => count + request.problems.length, 0);
  const shown = problemsOnly ? requests.filter((request) => request.problems.length > 0) : requests;
  replace(
    container,
    h(
      'p',
      { class: 'payloads-summary' },
      `${plural(requests.length, 'payload')} · ${rejected} rejected · ${plural(problemCount, 'problem')}`,
    ),
    shown.length === 0
      ? h('div', { class: 'empty' }, h('p', null, requests.length === 0 ? 'No payload received yet.' : 'No payload with problems.'))
      : shown.map((request) =>
          h(
            'article',
            { class: `payload-card${request.status === 200 ? '' : ' is-error'}`, data: { requestId: String(request.id) } },
            requestLine(request, request.problems.length),
            request.problems.length > 0 ? problemList(request.problems) : null,
          ),
        ),
  );
}

