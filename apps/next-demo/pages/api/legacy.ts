import type { NextApiRequest, NextApiResponse } from 'next';

/** Pages Router API route; `?fail=1` throws. */
export default function handler(request: NextApiRequest, response: NextApiResponse) {
  if (request.query.fail === '1') throw new Error('pages api failed');
  response.status(200).json({ router: 'pages' });
}
