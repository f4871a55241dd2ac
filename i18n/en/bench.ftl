# The words of `sticky bench` (English): its two tables, the line that
# reads them, the verdict of --check, its errors. The Chinese is in
# i18n/zh/bench.ftl; a test (cargo test --bin sticky bench_table) fails
# when the two files differ in their messages or variables.

## Above the tables

title = demo 06's protocol and raw loopback, { $bytes } per transfer, { $rounds } rounds of ~{ $seconds } s
rates-legend = MB/s: median [slowest-fastest round]
costs-legend = the protocol's cost per MiB, and each median as a share of the best raw one

## Column headings, each in two lines: above, then below

head-chunk = {" "}
sub-chunk = chunk
head-raw = raw
sub-raw = MB/s
head-protocol = protocol
sub-protocol = MB/s
head-share = protocol
sub-share = / raw
head-processes = two processes
sub-processes = MB/s
head-calls = protocol
sub-calls = calls/MiB
head-cpu = protocol
sub-cpu = CPU ms/MiB
head-raw-best = raw
sub-raw-best = / best
head-protocol-best = protocol
sub-protocol-best = / best
# After the row of the chunk size the lesson uses.
lesson-mark = <- the lesson's choice

## The reading, one paragraph; each sentence after the first starts with its space

reading-nothing = reading: nothing was measured
reading-calls = reading: from { $first } to { $last } chunks, the protocol makes { $calls }x fewer system calls per MiB and spends { $cpu }x less CPU per MiB, and its rate rises { $rate }x: each call costs the same whatever it carries.
reading-share = {" "}The protocol moves { $lo }-{ $hi }% of raw at the same chunk size: framing costs little, and above 100% is noise between rounds.
reading-below = {" "}The protocol moves { $lo }-{ $hi }% of raw at the same chunk size, and less than { $limit }% at { $chunks }: raw writes the same bytes again and again, while the protocol first fills each chunk from its source, as a sender reads its file.
reading-above = {" "}The protocol moves more than { $limit }% of raw at { $chunks }: framing cannot make bytes faster, so this is the machine's noise or a raw row that is not a baseline; run again, or with --check.
reading-best = {" "}The best raw figure is { $best } MB/s at { $chunk }; the protocol at the lesson's { $lesson } reaches { $share }% of it.

## --check's verdict

check-within = check: at every chunk size raw is within { $tolerance }% of two processes ({ $lo }% to { $hi }%, medians of the rounds' ratios)
check-off = check: raw is more than { $tolerance }% away from two processes at { $chunks } (medians of the rounds' ratios); on a busy machine, run again

## While measuring (on a terminal's stderr)

measuring = measuring
step-raw = raw, { $chunk }, round { $round }/{ $rounds }
step-protocol = protocol, { $chunk }, round { $round }/{ $rounds }
step-processes = two processes, { $chunk }, round { $round }/{ $rounds }

## --svg

plot-written = plot written to { $path }
svg-title = Loopback TCP, MB/s against chunk size ({ $bytes } per transfer, { $rounds } rounds)
svg-raw = raw loopback, same chunk
svg-protocol = demo 06's protocol
svg-processes = two processes (sticky-loopback)

## Errors

no-helper = --check runs { $path }, which is not there; build it with `cargo build --release --bins`
no-folder = cannot write { $path }: there is no folder { $dir }
helper-failed = the two-process check: the { $side } { $what }
side-receiver = receiver
side-sender = sender
helper-no-start = could not be started ({ $error })
helper-said = said { $text }
helper-no-output = has no standard output
helper-read-failed = could not be read ({ $error })
