# `sticky proxy` 的全部用语（中文）：开头的说明、每个连接每个方向的行、
# 总数、`--profile list`。
#
# 每行一条：`编号 = 文字`。{ $花括号 } 里的内容由程序填入（地址、数字、
# 种子），请保留。编号与 i18n/en/proxy.ftl 一一对应；两个文件的编号或
# 变量不一致时，测试（cargo test --bin sticky proxy_view）会失败。
# 术语以 docs/zh/glossary.md 为准：报文段、MSS、Nagle 算法、接收方。

## 开头的说明

listening = 代理：在 { $local } 上监听，转发到 { $to }（按 Ctrl-C 停止）
setting = 代理：{ $line }
seed-picked = 代理：种子 { $seed }，随机选的；用 --seed { $seed } 可以按同样的方式再切一次
seed = 代理：种子 { $seed }
drew = 代理：已把 { $n } 个方向画进 { $path }
done = 代理：共转发了 { $n } 个连接，结束

## 代理对每条字节流做什么（接在“代理：”后面）

sends-as = 像 { $name } 线路（{ $about }）上的 TCP 那样发送：{ $figures }
segments = 报文段不超过 MSS，按带宽排队发出；较早的短报文段还没被确认时，新的短报文段先等着（Nagle 算法）
loss = 一个报文段丢了，它后面的字节也要一起等，等它重传到达后一次全部交付
holds = 把到达的字节先攒 { $ms } ms，再一次写出
cuts = 拆成每块 { $cut } 字节，每块写一次
passes = 每次读到的字节原样用一次写转发
waits = 两次写之间等待 { $delay } ms
closes-idle = 一个连接两个方向 { $secs } 秒都没有字节，就关闭它

## --profile 的几种线路（`sticky proxy --profile list`）

profile-lan = 办公室里的有线网络
profile-wifi = 家里的 Wi-Fi，连到附近的服务器
profile-wan = 跨越互联网，连到另一个大洲
profile-lossy = 繁忙的移动网络，再套一层 VPN 隧道
# 英文直接打印程序库给出的那一行（Profile::figures）。
figures = MSS { $mss } 字节，单程 { $one_way }（RTT { $rtt }），{ $rate }，{ $loss }
no-loss = 不丢包
some-loss = 丢包 { $percent }%，RTO { $rto }

## 一个连接的经过

client-to-server = 客户端→服务端
server-to-client = 服务端→客户端
side-client = 客户端
side-server = 服务端
connected = #{ $conn } { $client } 已连接；转发到 { $server }
connect-failed = #{ $conn } { $client }：{ $error }；已重置客户端的连接
accept-failed = 代理：接受连接失败：{ $error }；{ $secs } 秒后重试
refused = 代理：拒绝了 { $client }：已在转发 { $max } 个连接，达到上限（见 --max-clients）
refused-so-far = 代理：至今已拒绝 { $n } 个连接（转发的连接数已达上限）
room-again = 代理：#{ $conn } 已结束，又可以再转发一个连接
# 一次读入、一次写出那一列的字；程序会把它们补齐到同样的宽度。
in = 读入
out = 写出
more = #{ $conn } { $dir }  … 后面只显示小结：每秒一行，结束时给出总数
# 屏幕上截短的一次读入或写出之后：没有显示的字节数。
hidden-bytes = …（还有 { $k } 字节）
so-far = #{ $conn } { $dir }  目前：{ $reads }，{ $writes }，共 { $bytes } 字节
end = #{ $conn } { $dir }  结束：{ $reads }，{ $writes }，共 { $bytes } 字节；{ $how }
reads-in-one = 读入 { $n } 次
reads-in-many = 读入 { $n } 次
writes-out-one = 写出 { $n } 次
writes-out-many = 写出 { $n } 次

## 一个方向怎样结束（接在“结束：…；”后面）

half-closed = { $side }关闭了发送方向，代理已把这个结束转给另一端
idle = { $secs } 秒没有任何字节，两端都已关闭
stalled = { $side } { $secs } 秒没有取走任何字节，两端都已关闭
failed = { $error }；两端都已关闭
closed-with-other = 随另一个方向一起关闭

## --svg 画的图：上面是读入，下面是写出

slide-title = #{ $conn } { $dir }：上面是代理的每次读入，下面是它的每次写出
slide-in = 读入
slide-out = 写出
slide-glued = 粘包
slide-cut = 拆开
slide-legend = 每次读入一种颜色、花纹和编号；粗框：一次写出；锯齿线：一次读入在两次写出之间被拆开；“粘包”：一次写出里有几次读入的字节
