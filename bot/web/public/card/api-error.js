// @ts-check
// The error a page's API call throws: the server's Chinese message for the person, its code and the
// HTTP status (0 when the server could not be reached). Shared by the console and the workbench so
// the card's pieces can tell a worded refusal from anything else.

export class ApiError extends Error {
  /**
   * @param {string} message what to tell the person (Chinese)
   * @param {{ code?: string, status?: number }} [options]
   */
  constructor(message, { code = 'error', status = 0 } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}
