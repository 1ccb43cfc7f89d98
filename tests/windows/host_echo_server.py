"""An HTTP (or, with a certificate, HTTPS) server on 127.0.0.1 that answers every GET with the
Host header it received ("host=www.example.jp:PORT"), so a test sees that a request made under
a made-up name reached it. Used by tests/windows/net_smoke.sh.

    python3 host_echo_server.py PORT_FILE [CERT_PEM KEY_PEM]

It listens on a free port, writes that port to PORT_FILE once it accepts connections, and serves
until it is killed.
"""
import http.server
import os
import ssl
import sys


class HostEcho(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the name http.server calls)
        body = f"host={self.headers.get('Host', '')}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 (the signature http.server calls)
        sys.stderr.write("host_echo_server: " + (format % args) + "\n")


def main():
    port_file = sys.argv[1]
    server = http.server.HTTPServer(("127.0.0.1", 0), HostEcho)
    if len(sys.argv) == 4:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    # Written to a temporary name and renamed, so a reader never sees half a number.
    with open(port_file + ".tmp", "w", encoding="ascii") as out:
        out.write(str(server.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
