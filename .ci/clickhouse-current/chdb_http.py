#!/usr/bin/env python3
"""ClickHouse's HTTP interface, as far as the tests need it, in front of chDB (ClickHouse as a library).

A current ClickHouse for the tests: chDB's libchdb.so (from the npm package @chdb/lib-linux-x64-gnu) is
ClickHouse 26.x without a network server; this script serves its HTTP protocol on loopback so that the
project's client (client-v2 over HTTP) talks to it as to a server. Python's standard library only (http.server,
ctypes, gzip, zlib): nothing to build or install besides the library itself.

    chdb_http.py --lib libchdb.so --path DATA_DIR --port PORT [--host 127.0.0.1] [--verbose]

What it serves:
  GET /ping, GET / without a query, GET /replicas_status: "Ok.\n".
  GET or POST /: the query from the `query` parameter, followed by a newline and the request body (the data of an
  INSERT, or the query itself); `database` (or the X-ClickHouse-Database header) as the current database,
  `default_format` (or X-ClickHouse-Format) as the result format (TabSeparated by default), `query_id`, every
  other parameter as a setting for this query only (SET before, SET ... = DEFAULT after), `param_NAME` as a query
  parameter. GET and readonly=1|2 refuse anything but reads, as the server does (code 164, READONLY).
  Request bodies with Content-Encoding gzip or deflate, chunked or not; a gzip or deflate response when
  enable_http_compression=1 and Accept-Encoding allows it. ClickHouse's own block compression (compress=1,
  decompress=1) is refused with a clear error.
  Answers carry X-ClickHouse-Query-Id, -Format, -Timezone, -Server-Display-Name and -Summary; failures answer
  with the status the server gives for the code, the body "Code: N. DB::Exception: ... (NAME) (version V)" and
  X-ClickHouse-Exception-Code.

Limits (docs/operations.md, "A current ClickHouse for the tests"): one query at a time (chDB has one connection;
requests queue on a lock); every result and every request body is held in memory whole; one session for all
clients (session_id is ignored; SET, temporary tables and query parameters outlive the request); users only from
--user NAME:PASSWORD (default: "default" without a password), without grants or quotas; multi-statement queries run instead of being refused.
"""
import argparse
import base64
import ctypes
import gzip
import http.server
import json
import re
import signal
import socket
import sys
import threading
import time
import uuid
import zlib
from urllib.parse import parse_qsl, urlsplit

# Parameters the server itself reads; every other one is a setting (HTTPHandler's reserved names).
RESERVED = {
    "query", "database", "default_format", "user", "password", "quota_key", "query_id", "stacktrace", "role",
    "session_id", "session_timeout", "session_check", "close_session", "compress", "decompress", "buffer_size",
    "wait_end_of_query", "client_protocol_version", "readonly", "extremes", "http_native_compression_disable_checksumming_on_decompress",
}
# Settings that only shape this HTTP exchange; chDB knows them too, but setting them changes nothing there.
HTTP_ONLY = {"enable_http_compression", "http_zlib_compression_level", "send_progress_in_http_headers",
             "http_headers_progress_interval_ms", "add_http_cors_header", "http_response_buffer_size",
             "http_wait_end_of_query", "cancel_http_readonly_queries_on_client_close"}
SETTING_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
ERROR = re.compile(rb"^Code: (\d+)\.")
# Statements readonly mode lets through (the server decides from the parsed query; the first keyword suffices here).
READ_KEYWORDS = {"select", "with", "show", "desc", "describe", "exists", "explain", "set", "use", "check"}
LEADING_NOISE = re.compile(r"^(?:\s+|--[^\n]*\n?|/\*.*?\*/|\()+", re.S)
DATABASE_WORD = re.compile(rb"database", re.I)
FORMAT_CLAUSE = re.compile(r"\bFORMAT\s+([A-Za-z0-9_]+)\s*;?\s*$", re.I)

# HTTP status per error code, as ClickHouse's exceptionCodeToHTTPStatus maps the common ones; 500 otherwise.
STATUS = {}
for _codes, _status in (((194,), 401), ((192, 193, 516), 403),
                        ((6, 15, 26, 27, 36, 38, 41, 44, 53, 62, 72, 117), 400),
                        ((46, 47, 50, 56, 60, 63, 73, 81, 115, 336, 1000000), 404),
                        ((159,), 408), ((48,), 501)):
    for _c in _codes:
        STATUS[_c] = _status

CONTENT_TYPES = {
    "tabseparated": "text/tab-separated-values", "tsv": "text/tab-separated-values",
    "tabseparatedwithnames": "text/tab-separated-values", "tsvwithnames": "text/tab-separated-values",
    "tabseparatedwithnamesandtypes": "text/tab-separated-values", "tabseparatedraw": "text/tab-separated-values",
    "csv": "text/csv", "csvwithnames": "text/csv", "csvwithnamesandtypes": "text/csv",
    "json": "application/json", "jsoncompact": "application/json", "jsoneachrow": "application/x-ndjson",
}


class ChError(Exception):
    """A failure reported the way ClickHouse reports it: a code and a "Code: N. DB::Exception: ..." text."""

    def __init__(self, code, text):
        super().__init__(text)
        self.code = code
        self.text = text


class Chdb:
    """The one chDB connection; every call runs under one lock because chDB runs one query at a time."""

    def __init__(self, lib_path, data_path):
        lib = ctypes.CDLL(lib_path)
        lib.chdb_connect.restype = ctypes.c_void_p
        lib.chdb_connect.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
        lib.chdb_close_conn.argtypes = [ctypes.c_void_p]
        lib.chdb_query_n.restype = ctypes.c_void_p
        lib.chdb_query_n.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                     ctypes.c_size_t]
        for name in ("chdb_result_buffer", "chdb_result_error"):
            getattr(lib, name).restype = ctypes.c_void_p
            getattr(lib, name).argtypes = [ctypes.c_void_p]
        for name in ("chdb_result_rows_read", "chdb_result_bytes_read", "chdb_result_rows_written",
                     "chdb_result_bytes_written"):
            getattr(lib, name).restype = ctypes.c_uint64
            getattr(lib, name).argtypes = [ctypes.c_void_p]
        lib.chdb_result_length.restype = ctypes.c_size_t
        lib.chdb_result_length.argtypes = [ctypes.c_void_p]
        lib.chdb_destroy_query_result.argtypes = [ctypes.c_void_p]
        self.lib = lib
        args = [b"clickhouse", b"--path=" + data_path.encode()]
        self.handle = lib.chdb_connect(len(args), (ctypes.c_char_p * len(args))(*args))
        if not self.handle:
            raise RuntimeError("chdb_connect failed for " + data_path)
        self.conn = ctypes.cast(self.handle, ctypes.POINTER(ctypes.c_void_p)).contents.value
        self.lock = threading.Lock()
        self.database = None
        # clickhouse-local's defaults that a server does not have: a query must be a query
        self._run(b"SET implicit_select = 0", b"TabSeparated")
        self.version = self._run(b"SELECT version()", b"TabSeparated")[0].strip().decode()
        self.timezone = self._run(b"SELECT timezone()", b"TabSeparated")[0].strip().decode()

    def _run(self, sql, fmt):
        """One statement; returns (body, stats) or raises ChError. Caller holds the lock (or is the constructor)."""
        result = self.lib.chdb_query_n(self.conn, sql, len(sql), fmt, len(fmt))
        if not result:
            raise ChError(1001, "Code: 1001. DB::Exception: chdb_query returned no result. (STD_EXCEPTION)")
        try:
            error = self.lib.chdb_result_error(result)
            if error:
                text = ctypes.string_at(error)
                match = ERROR.match(text)
                raise ChError(int(match.group(1)) if match else 1001, text.decode("utf-8", "replace").strip())
            length = self.lib.chdb_result_length(result)
            body = ctypes.string_at(self.lib.chdb_result_buffer(result), length) if length else b""
            stats = {
                "read_rows": self.lib.chdb_result_rows_read(result),
                "read_bytes": self.lib.chdb_result_bytes_read(result),
                "written_rows": self.lib.chdb_result_rows_written(result),
                "written_bytes": self.lib.chdb_result_bytes_written(result),
            }
            return body, stats
        finally:
            self.lib.chdb_destroy_query_result(result)

    def query(self, database, settings, params, sql, fmt):
        """Runs sql in database with the settings for this query only; returns (body, stats)."""
        with self.lock:
            # USE only when needed: a request that may change or drop the current database forgets it
            if database != self.database:
                self.database = None
                self._run(b"USE " + quote_identifier(database), b"TabSeparated")
                self.database = database
            if first_keyword(sql[:4096].decode("utf-8", "replace")) == "use" or DATABASE_WORD.search(sql[:4096]):
                self.database = None
            applied = []
            try:
                for name, value in params.items():
                    self._run(("SET param_%s = %s" % (name, quote_string(value))).encode(), b"TabSeparated")
                for name, value in settings.items():
                    self._run(("SET %s = %s" % (name, quote_string(value))).encode(), b"TabSeparated")
                    applied.append(name)
                return self._run(sql, fmt.encode())
            finally:
                for name in applied:
                    self._run(("SET %s = DEFAULT" % name).encode(), b"TabSeparated")

    def close(self):
        with self.lock:
            self.lib.chdb_close_conn(self.handle)


def quote_identifier(name):
    return b"`" + name.encode().replace(b"\\", b"\\\\").replace(b"`", b"\\`") + b"`"


def quote_string(value):
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def exception(code, name, message):
    return ChError(code, "Code: %d. DB::Exception: %s. (%s)" % (code, message, name))


def first_keyword(sql):
    text = LEADING_NOISE.sub("", sql[:4096])
    match = re.match(r"[A-Za-z]+", text)
    return match.group(0).lower() if match else ""


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "chdb-http"
    # an idle keep-alive connection is closed after this many seconds (the server's keep_alive_timeout)
    timeout = 10

    def do_GET(self):
        self.serve(read_only=True)

    def do_POST(self):
        self.serve(read_only=False)

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("chdb_http: %s %s %s\n" % (time.strftime("%H:%M:%S"), self.address_string(), fmt % args))

    def serve(self, read_only):
        chdb = self.server.chdb
        query_id = None
        try:
            split = urlsplit(self.path)
            body = self.read_body()
            args = dict(parse_qsl(split.query, keep_blank_values=True))
            query_id = args.get("query_id") or self.headers.get("X-ClickHouse-Query-Id") or str(uuid.uuid4())
            if split.path in ("/ping", "/replicas_status") or (split.path == "/" and "query" not in args and not body):
                return self.answer(200, b"Ok.\n", {"Content-Type": "text/html; charset=UTF-8"})
            if split.path != "/":
                raise exception(1000000, "UNKNOWN_HANDLER", "There is no handle %s" % split.path)
            user = self.authenticate(args)
            if args.get("compress") == "1" or args.get("decompress") == "1":
                raise exception(1, "UNSUPPORTED_METHOD", "compress=1 and decompress=1 (ClickHouse's own block "
                                "compression) are not supported by this chDB front; use HTTP compression")
            sql = args.get("query", "")
            if body:
                sql = sql + "\n" if sql else sql
            query = sql.encode() + body
            database = args.get("database") or self.headers.get("X-ClickHouse-Database") or "default"
            fmt = args.get("default_format") or self.headers.get("X-ClickHouse-Format") or "TabSeparated"
            settings, params = {}, {}
            for name, value in args.items():
                if name.startswith("param_"):
                    params[name[len("param_"):]] = value
                elif name not in RESERVED and name not in HTTP_ONLY:
                    if not SETTING_NAME.match(name):
                        raise exception(115, "UNKNOWN_SETTING", "Unknown setting '%s'" % name)
                    settings[name] = value
            readonly = args.get("readonly", "0")
            if read_only or readonly in ("1", "2"):
                keyword = first_keyword(query[:4096].decode("utf-8", "replace"))
                if keyword not in READ_KEYWORDS or (keyword == "set" and readonly == "1"):
                    raise exception(164, "READONLY", "%s: Cannot execute query in readonly mode" % user)
            match = FORMAT_CLAUSE.search(query[-200:].decode("utf-8", "replace")) if len(query) < 1 << 20 \
                and not query.lstrip()[:6].lower() == b"insert" else None
            if match:
                fmt = match.group(1)
            started = time.monotonic_ns()
            if self.server.verbose:
                sys.stderr.write("chdb_http: %s query %s\n" % (time.strftime("%H:%M:%S"), query[:200]))
            result, stats = chdb.query(database, settings, params, query, fmt)
            summary = {k: str(v) for k, v in stats.items()}
            summary.update({"total_rows_to_read": summary["read_rows"], "result_rows": "0",
                            "result_bytes": str(len(result)), "elapsed_ns": str(time.monotonic_ns() - started)})
            headers = {
                "Content-Type": CONTENT_TYPES.get(fmt.lower(), "text/plain") + "; charset=UTF-8",
                "X-ClickHouse-Format": fmt,
                "X-ClickHouse-Summary": json.dumps(summary, separators=(",", ":")),
            }
            self.answer(200, result, headers, query_id, compress=args.get("enable_http_compression") == "1")
        except ChError as e:
            text = "%s (version %s (chdb http front))\n" % (e.text, chdb.version)
            self.answer(STATUS.get(e.code, 500), text.encode(), {
                "Content-Type": "text/plain; charset=UTF-8", "X-ClickHouse-Exception-Code": str(e.code)}, query_id)
        except (ValueError, OSError, zlib.error, EOFError) as e:
            text = "Code: 1001. DB::Exception: bad request: %s. (STD_EXCEPTION) (version %s)\n" % (e, chdb.version)
            self.answer(400, text.encode(), {"Content-Type": "text/plain; charset=UTF-8",
                                             "X-ClickHouse-Exception-Code": "1001"}, query_id)
            self.close_connection = True

    def authenticate(self, args):
        """The user, from Basic auth, the X-ClickHouse-User/-Key headers or the user/password parameters."""
        user, password = "default", ""
        auth = self.headers.get("Authorization", "")
        if auth.lower().startswith("basic "):
            user, _, password = base64.b64decode(auth[6:].strip()).decode("utf-8", "replace").partition(":")
        if self.headers.get("X-ClickHouse-User"):
            user, password = self.headers["X-ClickHouse-User"], self.headers.get("X-ClickHouse-Key", "")
        if "user" in args or "password" in args:
            user, password = args.get("user", "default"), args.get("password", "")
        if self.server.users.get(user) != password:
            raise exception(516, "AUTHENTICATION_FAILED", "%s: Authentication failed: password is incorrect, or "
                            "there is no user with such name" % user)
        return user

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    break
                parts.append(self.rfile.read(size))
                self.rfile.readline()
            body = b"".join(parts)
        else:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
        encoding = self.headers.get("Content-Encoding", "").lower()
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding not in ("", "identity"):
            raise ValueError("unsupported Content-Encoding " + encoding)
        return body

    def answer(self, status, body, headers, query_id=None, compress=False):
        if compress:
            accepted = [e.split(";")[0].strip().lower() for e in self.headers.get("Accept-Encoding", "").split(",")]
            if "gzip" in accepted:
                body, headers["Content-Encoding"] = gzip.compress(body, 3), "gzip"
            elif "deflate" in accepted:
                body, headers["Content-Encoding"] = zlib.compress(body, 3), "deflate"
        self.send_response(status)
        if query_id:
            headers["X-ClickHouse-Query-Id"] = query_id
        headers["X-ClickHouse-Timezone"] = self.server.chdb.timezone
        headers["X-ClickHouse-Server-Display-Name"] = self.server.display_name
        headers["Keep-Alive"] = "timeout=%d" % self.timeout
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    # as ClickHouse does: a restart may bind while old connections to the port are in TIME_WAIT
    allow_reuse_address = True


def main():
    parser = argparse.ArgumentParser(description="ClickHouse HTTP interface in front of chDB")
    parser.add_argument("--lib", required=True, help="path of libchdb.so")
    parser.add_argument("--path", required=True, help="data directory")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", action="append", default=[], metavar="NAME[:PASSWORD]",
                        help="a user the front accepts (repeatable); default: default without a password")
    parser.add_argument("--verbose", action="store_true", help="log every request on stderr")
    options = parser.parse_args()

    # bind first, so that a port taken by someone else fails fast, before the library loads
    server = Server((options.host, options.port), Handler)
    server.verbose = options.verbose
    server.users = dict(u.partition(":")[::2] for u in options.user) or {"default": ""}
    server.display_name = socket.gethostname()
    server.chdb = Chdb(options.lib, options.path)

    def stop(signum, frame):
        # shutdown() waits for serve_forever to return, so it runs on its own thread
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    sys.stderr.write("chdb_http: ClickHouse %s (chDB) on http://%s:%d, data in %s\n"
                     % (server.chdb.version, options.host, options.port, options.path))
    sys.stderr.flush()
    try:
        server.serve_forever()
    finally:
        server.server_close()
        server.chdb.close()
        sys.stderr.write("chdb_http: stopped\n")


if __name__ == "__main__":
    main()
