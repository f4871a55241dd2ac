# The words of every `--help` page and of clap's usage errors (English).
#
# The English help is written in demos/app/cli.rs, as doc comments; this
# file repeats it beside i18n/zh/help.ftl for a translator, and a test
# (cargo test --bin sticky help) fails when the two differ.

## clap's own words on a help page

usage = Usage:{" "}
commands = Commands
options = Options:
arguments = Arguments:
default = {" "}[default: { $value }]
choices = {" "}[possible values: { $values }]

## What each command does (its `about`)
about-sticky = TCP sticky packets (粘包/拆包), shown live and fixed
about-list = List the demos
about-run = Run a demo: server and client in one process, on loopback
about-serve = Run a demo's server half
about-connect = Run a demo's client half
about-tour = Run every demo in order, pausing for Enter between them on a terminal
about-bench = Measure the file protocol of demo 06 at several chunk sizes, briefly
about-proxy = Relay TCP between any two programs, cutting and gluing the stream as a network does
about-protocols = How real protocols frame a message: HTTP/1.1, TLS, HTTP/2, WebSocket, protobuf, MQTT, SMTP, RESP
about-check = Grade a server of your own: a legal but unkind client, one case at a time
about-docs = Check or regenerate the transcripts in the docs
about-help = Print this message or the help of the given subcommand(s)

## Each argument's help: arg-ID is shared by every command with that
## argument; arg-COMMAND-ID is one command's own.
arg-color = Colour the output: auto (on a terminal, unless NO_COLOR is set), always, never
arg-lang = Narrate in: auto (Chinese when LC_ALL/LC_MESSAGES/LANG starts with zh), en, zh
arg-help = Print help
arg-version = Print version
arg-demo = Demo number (see `sticky list`)
arg-check-demo = The wire format the server speaks: demo 1, 4, 5, 6 or 7
arg-stdin = connect 2 to 5: send each line of standard input as one message, not the fixed ones
arg-seed = run 3, 4, 5: replay the received bytes through the seeded re-segmenter, for output that is the same on every run
arg-proxy-seed = Seed of the cuts and delays; without it one is picked at random and printed
arg-check-seed = Seed of the cases that cut at random offsets; without it one is picked and printed
arg-profile = run 3: replay the received bytes as they would arrive across a network path: lan, wifi, wan or lossy (see `sticky proxy --profile list`)
arg-proxy-profile = Send as TCP would across a real path: lan, wifi, wan or lossy; `list` shows their figures
arg-svg = run 3, 4, 5, 7: also draw the writes and the reads into FILE, as SVG, for slides
arg-bench-svg = Write a plot of MB/s against chunk size to FILE, as SVG
arg-proxy-svg = When done (needs --clients), draw what came in and went out into FILE, as SVG
arg-delay_ms = serve 3: milliseconds to wait before the first read, as a busy server would
arg-proxy-delay_ms = Wait MIN to MAX milliseconds (both included) before every write but the first
arg-size = Demo 04: the agreed size of every message, in bytes
arg-check-size = Demo 04: the size of every record (default 32)
arg-max_frame = Demo 05: the largest frame a receiver accepts, in bytes
arg-check-max_frame = Demo 05: the largest frame the server must accept (default 8 MiB)
arg-little_endian = Demos 05 and 06: little-endian length header, as the lesson's struct.pack('i', n) on x86
arg-check-little_endian = Demos 05 and 06: the length header is '<I', not '!I'
arg-file = serve 6, connect 6 --upload: the file to send
arg-out = connect 6, serve 6 --upload: the folder where a received file is written
arg-chunk = Demo 06: bytes per read and write of the file body
arg-force = connect 6, serve 6 --upload: replace a file that already exists under --out
arg-max_header = Demo 06: the largest JSON header a receiver accepts, in bytes
arg-max_file = connect 6, serve 6 --upload, run 6: the largest file a receiver accepts, in bytes, checked against the header before writing
arg-upload = serve 6, connect 6: upload instead: `connect 6 --file` sends, `serve 6 --out` receives
arg-digest = serve 6: digest in the first client's trailer: blake3 (default), sha256 (Python's hashlib), both
arg-max_line = Demo 07: the longest line a receiver accepts, in bytes, newline not counted
arg-check-max_line = Demo 07: the longest line the server must accept, newline not counted (default 65536)
arg-requests = run 8, connect 8: requests per variant
arg-bind = Address to listen on; 0.0.0.0:7878 lets other machines connect
arg-check-bind = With --serve: the address to listen on (default 127.0.0.1:7878)
arg-clients = Stop after N clients (default: serve until Ctrl-C)
arg-proxy-clients = Stop after this many connections, once each is relayed to the end
arg-check-clients = With --serve: stop after this many clients
arg-max_clients = TCP demos: clients served at once; one more is refused with a line
arg-proxy-max_clients = Connections relayed at once; one more is closed at once, with a line saying so
arg-max_per_address = TCP demos: clients served at once from one IP address
arg-show_all = TCP demos: print every client's lines, unrationed
arg-idle_timeout = TCP demos: drop a client that sends (or reads) nothing for this many seconds
arg-proxy-idle_timeout = Close a connection after this many seconds without a byte either way
arg-to = The server's address
arg-proxy-to = The server every connection is relayed to
arg-check-to = The server to check
arg-no_pause = Do not wait for Enter between demos
arg-seconds = Seconds per measurement; each row of the table takes 2 x --rounds of them
arg-bytes = Bytes moved per transfer
arg-rounds = Measurements per link and chunk size; the table shows their median and range
arg-check = Also time two separate processes (sticky-loopback) with the same chunk size
arg-docs-check = Fail if a transcript differs from what the program prints now (the default)
arg-check_bytes = Bytes each two-process run of --check moves
arg-listen = Address the proxy listens on; point the client here
arg-cut = Cut the stream into pieces of MIN to MAX bytes (both included), one write each
arg-coalesce_ms = Hold what arrives and release it in one write N ms after the first held byte
arg-name = Only this protocol (see --list)
arg-list = List the protocols, one line each
arg-check-list = List the cases, one line each, and connect to nothing
arg-case = Run only this case (see --list)
arg-timeout = Seconds with no byte moving either way before a wait gives up
arg-dir = Demo 06: the folder the receiver writes into, on this machine
arg-docs-dir = The docs folder (default: the docs/ folder of this source tree, else ./docs)
arg-serve = Demo 05: be the server instead, unkind to a client of your own
arg-class = Grade a class: ROSTER has one student per line, `NAME HOST:PORT`
arg-jobs = With --class: students checked at once (default 8)
arg-per_student = With --class: the most seconds one student's cases may take in all (default 120)
arg-json = Write the results to FILE as JSON Lines, one object per student, or per client connection with --serve (a new file)
arg-write = Rewrite the transcripts in place

## Headings of the demos' option groups
heading-demos-02-to-05 = Demos 02 to 05
heading-demos-03-to-05 = Demos 03 to 05
heading-demo-03 = Demo 03
heading-demo-04 = Demo 04
heading-demo-05 = Demo 05
heading-demos-05-and-06 = Demos 05 and 06
heading-demo-06 = Demo 06
heading-demo-07 = Demo 07
heading-demo-08 = Demo 08

## clap's usage errors, one line each on stderr

error-line = error: { $msg } (see { $command } --help)
error-unknown-argument = unexpected argument '{ $arg }' found
error-unknown-command = unrecognized subcommand '{ $command }'
error-missing-argument = the following required arguments were not provided: { $arg }
error-invalid-choice = invalid value '{ $value }' for '{ $arg }'; possible values: { $valid }
error-no-value = a value is required for '{ $arg }' but none was supplied
error-bad-value = invalid value '{ $value }' for '{ $arg }': { $why }
error-conflict = the argument '{ $arg }' cannot be used with '{ $other }'
error-wrong-values = wrong number of values for '{ $arg }'
error-missing-command = a command is required
error-not-utf8 = an argument is not valid UTF-8
error-did-you-mean = ; did you mean '{ $suggested }'?

## Values the command line refuses (after "invalid value 'X' for 'ARG': ")

value-not-a-demo = { $value } is not a demo number; `sticky list` shows demos 1 to { $last }
value-no-such-demo = there is no demo { $demo }; `sticky list` shows demos 1 to { $last }
value-no-profile = there is no profile { $name }; the profiles are { $names }
value-bytes-range = { $what } must be from { $min } to { $max } bytes
value-range = { $what } must be from { $min } to { $max }
value-seconds = --seconds must be more than 0 and at most 60
value-digest = { $value } is not a digest serve 6 offers: blake3, sha256 or both
value-not-a-number = { $value }: { $why }
# A value for a number of seconds that is not a number.
value-not-a-decimal = { $value }: { $why }
value-what-chunk = a chunk
value-what-record = the record size
value-what-limit = the limit
value-what-line-limit = the line limit

## What `sticky` itself says between the demos

# Under `sticky list`.
list-run-one = run one with `sticky run N`; see `sticky --help` for serve/connect
# A demo's title up to its description, which follows; the program adds
# the closing " ==".
title-lead = == demo { $n } { $slug }:{" "}
press-enter = press Enter for the next demo
serve-6-needs-a-file = serve 6 sends a file: pass --file PATH (or --upload --out DIR to receive one)
upload-needs-a-file = connect 6 --upload sends a file: pass --file PATH

## Flags the chosen demo does not use (usage errors, after "error: ")

refusal-not-for = { $flag } is for { $users }; `{ $mode } { $demo }` does not use it
refusal-not-for-udp = --{ $flag } is for the TCP demos; UDP (`serve 2`) has no connections
refusal-receiving-only = { $flag } is for the receiving side; `{ $command }` sends a file
refusal-sending-only = { $flag } is for the sending side; `{ $command }` receives into --out
# A list of names: between the first ones, and before the last.
words-separator = ,{" "}
words-last = { $init } and { $last }

## Shared by every command and demo

# Before every error, on stderr.
error-prefix = error: { $message }
# After a mistake on the command line the parser cannot see.
see-help = { $message } (see sticky --help)
# Where a long run of bytes is cut short on screen.
more-bytes = … ({ $k } more bytes)
# The client's first line with --stdin.
from-stdin = client: sends each line you type as one message (Ctrl-D to finish; Ctrl-Z, Enter on Windows)

## Advice after an error: which flag or command helps. Each starts with
## its own separator, after the error's facts.

advice-other-order = is the peer using the other byte order? see --little-endian
advice-big-endian = is the peer using big-endian '!I'? drop --little-endian
advice-byte-order = {" "}({ $order })
advice-max-frame = {" "}(raise it with --max-frame)
advice-max-header = {" "}(raise it with --max-header; or { $order })
advice-size = {" "}(raise it with --size)
advice-max-line = {" "}(raise it with --max-line)
advice-max-file = {" "}(raise it with --max-file)
advice-force = ; pass --force to replace it
advice-addr-in-use = {" "}— is another demo still running? try --bind 127.0.0.1:0 for a free port
advice-addr-not-here = {" "}— that address is not on this machine; try 127.0.0.1 or 0.0.0.0
advice-low-port = {" "}— ports below 1024 need privileges; try 7878
advice-start-server = {" "}— is the server running? start it with `sticky serve { $demo }`
advice-server-running = {" "}— is the server running?
advice-no-answer = {" "}— no answer; check the address and any firewall
advice-udp-server = {" "}— is `sticky serve 2` running there?
advice-check = {" "}— the server did not keep the messages apart; `sticky check { $demo }` shows where
advice-same-demo = {" "}— is the server running the same demo?
advice-silent = ; is it running demo { $demo } too?
advice-full = {" "}— the server closed the connection at once: it may be full (its --max-clients, or --max-per-address for one machine)

## What each demo shows (`sticky list`, a demo's title); the English is
## the list in demos/app/cli.rs, and a test keeps the two equal.

demo-1 = bind/listen/accept/connect: a TCP echo server and its client
demo-2 = sendto/recvfrom: datagrams keep their boundaries, but can be truncated
demo-3 = the naive sender: small writes glue together, a large one is cut apart
demo-4 = fix 1: every message is exactly N bytes, read with read_exact
demo-5 = fix 2: a 4-byte length header, then the payload
demo-6 = the lesson's protocol: length, JSON header, file body in chunks
demo-7 = fix 3: a newline after every message; the pitfall of a newline inside one
demo-8 = a request in two writes stalls 40 ms: Nagle's algorithm meets a delayed ACK
