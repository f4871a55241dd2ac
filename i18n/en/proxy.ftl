# The words of `sticky proxy` (English): its banner, a line per connection
# and direction, the totals, `--profile list`. The Chinese is in
# i18n/zh/proxy.ftl; a test (cargo test --bin sticky proxy_view) fails when
# the two files differ in their messages or variables.

## The banner

listening = proxy: listening on { $local }, relaying to { $to } (Ctrl-C to stop)
setting = proxy: { $line }
seed-picked = proxy: seed { $seed }, picked at random; --seed { $seed } cuts the same way again
seed = proxy: seed { $seed }
drew = proxy: drew { $n } direction(s) into { $path }
done = proxy: relayed { $n } connection(s); done

## What the proxy does to every stream (after "proxy: ")

sends-as = sends as TCP would across { $name } ({ $about }): { $figures }
segments = segments of at most the MSS, paced; a short one waits while an earlier short one is unacknowledged (Nagle)
loss = a lost segment holds back what follows it, then all of it arrives at once
holds = holds what arrives for { $ms } ms, then writes it at once
cuts = cuts into pieces of { $cut } bytes, one write each
passes = passes each read on in one write
waits = waits { $delay } ms between writes
closes-idle = closes a connection after { $secs } s without a byte either way

## The paths of --profile (`sticky proxy --profile list`)

profile-lan = a wired office network
profile-wifi = a home Wi-Fi to a nearby server
profile-wan = across the Internet, to another continent
profile-lossy = a busy mobile link through a VPN tunnel
# English prints the library's own line (Profile::figures); this one is
# its model for other languages.
figures = MSS { $mss } B, one-way { $one_way } (RTT { $rtt }), { $rate }, { $loss }
no-loss = no loss
some-loss = { $percent }% loss, RTO { $rto }

## A connection, as it goes

client-to-server = client→server
server-to-client = server→client
side-client = client
side-server = server
connected = #{ $conn } { $client } connected; relaying to { $server }
connect-failed = #{ $conn } { $client }: { $error }; the client's connection was reset
accept-failed = proxy: accept failed: { $error }; trying again in { $secs } s
refused = proxy: refused { $client }: { $max } connections are relayed, the most allowed (see --max-clients)
refused-so-far = proxy: refused { $n } connections so far (the most allowed are relayed)
room-again = proxy: #{ $conn } is over; there is room for one more connection
# The column of a read that came in and of a write that went out; the
# program pads them to one width.
in = in
out = out
more = #{ $conn } { $dir }  … more: a summary every second, and the totals at the end
# After a read or write cut short on screen: the bytes not shown.
hidden-bytes = … ({ $k } more bytes)
so-far = #{ $conn } { $dir }  so far: { $reads }, { $writes }, { $bytes } bytes
end = #{ $conn } { $dir }  end: { $reads }, { $writes }, { $bytes } bytes; { $how }
reads-in-one = { $n } read in
reads-in-many = { $n } reads in
writes-out-one = { $n } write out
writes-out-many = { $n } writes out

## How a direction ended (after "end: …; ")

half-closed = the { $side } closed, end passed on
idle = no byte for { $secs } s, both sides closed
stalled = the { $side } took nothing for { $secs } s, both sides closed
failed = { $error }; both sides closed
closed-with-other = closed with the other direction

## The picture of --svg: reads in above, writes out below

slide-title = #{ $conn } { $dir }: the proxy's reads in, above; its writes out, below
slide-in = in
slide-out = out
slide-glued = glued
slide-cut = cut
slide-legend = one colour, pattern and number per read in; thick frame: one write out; zigzag: a read cut between writes; "glued": one write held several reads
