# 演示 06（file-transfer）的中文。英文在 i18n/en/demo06.ftl；两边的消息或变量
# 不一致时，测试（cargo test --bin sticky i18n）会失败。
# $who 是说话一方的标签：“客户端”或“服务端 [地址]”。术语以 docs/zh/glossary.md 为准。

will-send = 服务端：正在监听 { $addr }；按每块 { $chunk } 字节发送 { $name }（{ $size } 字节）
# 在 run 6 和 connect 6 里，接收方那一行的标签。
client = 客户端
# 接收上传的服务端，说到某一个客户端时的标签。
server-for = 服务端 [{ $peer }]
# 一个客户端失败了，印在进度条上方。
failed = 客户端 { $peer }：{ $error }
said-by = { $who }：{ $text }
server = 服务端：{ $text }
sent = 服务端：发出报头 { $header } 字节、文件内容 { $body } 字节
sent-with-trailer = 服务端：发出报头 { $header } 字节、文件内容 { $body } 字节、报尾 { $trailer } 字节
same-bytes = 磁盘上的文件与发出的文件逐字节相同
different-bytes = 磁盘上的文件与发出的文件不同
result = 结果：{ $verdict }
scratch = （两份 { $name } 都放在临时文件夹里，演示结束时一并删除）
serving-file = 服务端：正在监听 { $addr }；向每个客户端发送 { $file }（按 Ctrl-C 停止）
hashed-while-sending = 服务端：{ $name } 的摘要（{ $digests }）是边发边算的（{ $size } 字节），放在文件内容之后的报尾里发出；只要文件大小和修改时间不变，之后的客户端直接在报头里拿到摘要
# 加了 --little-endian：没有报尾。
hashed-while-sending-no-trailer = 服务端：{ $name } 的摘要（{ $digests }）是边发边算的（{ $size } 字节）；加了 --little-endian 时文件内容之后什么也不发，否则原教程的接收方会把它读进文件；只要文件大小和修改时间不变，之后的客户端直接在报头里拿到摘要
accepted = 服务端：接受了一个连接，来自 { $peer }
hashed-again = 服务端：{ $name } 变了（大小或修改时间）；边发边重新计算了摘要
hashed-again-trailer = 服务端：{ $name } 变了（大小或修改时间）；边发边重新计算了摘要，放在报尾里发出
serving-uploads = 服务端：正在监听 { $addr }；上传的文件收进 { $dir }（按 Ctrl-C 停止）
uploaded = 客户端：接收方已把 { $name } 保存为 { $saved_as }
# 发送方的最后一行：不知道接收方的地址时（-receiver），知道时（-peer）。
saved-by-receiver = 接收方已把 { $name } 保存为 { $saved_as }
saved-by-peer = { $peer } 已把 { $name } 保存为 { $saved_as }
# $outcome：回执的结论（已保存、同名文件已存在……）；$detail：接收方自己的说明。
not-kept-by-receiver = 接收方没有保留 { $name }：{ $outcome }（{ $detail }）
not-kept-by-peer = { $peer } 没有保留 { $name }：{ $outcome }（{ $detail }）
unconfirmed-by-receiver = { $name } 已发出；接收方没有确认就关闭了连接（原教程那种写法的接收方不发回执）
unconfirmed-by-peer = { $name } 已发出；{ $peer } 没有确认就关闭了连接（原教程那种写法的接收方不发回执）
verdict-sent = { $who }：回执已发回：{ $json }
# 先说这一句，报头本身另起一行。
header = { $who }：报头 { $len } 字节（长度字段 struct '{ $format }'）：
reduced = 发送方给的文件名 "{ $sent }" 带有目录，目录部分已去掉，只保留文件名 "{ $bare }"
writing-into = { $who }：写入 { $part }，直到最后一个字节到达
writing-into-stale = { $who }：写入 { $part }，直到最后一个字节到达（发现上次中断时留下的同名文件，接着用它）
received = { $who }：收到 { $size } 字节，每次最多读 { $chunk } 字节，{ $rate } MB/s
verified = { $digest } 摘要校验通过
verified-by-trailer = { $digest } 摘要与文件内容后面的报尾核对一致
no-digest = { $who }：报头里没有摘要（原教程的发送方不发摘要）；只核对了大小
saved-as = { $who }：已保存为 { $bare }，最后一个字节到齐后才改名就位
interrupted = 已中断：删除了 { $path }
# 进度条上预计还要多久之前的那个词。
bar-eta = 剩余
