/**
 * A CGI script for /bin/sh that answers every request with JSON: 201 for a POST, 200
 * otherwise, echoing the method, the request-target, the authenticated user and the body
 * it received, so a test sees that a re-sent POST still carried its body.
 */
export const JSON_HANDLER_SCRIPT = `#!/bin/sh
body=null
if [ -n "$CONTENT_LENGTH" ] && [ "$CONTENT_LENGTH" -gt 0 ]; then
  body=$(head -c "$CONTENT_LENGTH")
fi
if [ "$REQUEST_METHOD" = "POST" ]; then
  printf 'Status: 201 Created\\r\\n'
else
  printf 'Status: 200 OK\\r\\n'
fi
printf 'Content-Type: application/json\\r\\n\\r\\n'
printf '{"method":"%s","uri":"%s","user":"%s","body":%s}\\n' "$REQUEST_METHOD" "$REQUEST_URI" "$REMOTE_USER" "$body"
`;

/** What {@link JSON_HANDLER_SCRIPT} answers. */
export interface HandlerEcho {
  readonly method: string;
  /** The request-target as the server saw it: path and query. */
  readonly uri: string;
  /** The digest username the server authenticated. */
  readonly user: string;
  readonly body: unknown;
}
