# 演示 02 udp 的全部用语（中文）。
#
# 每行一条：`编号 = 文字`。{ $花括号 } 里的内容由程序填入（地址、字节数、
# 收到的字节），请保留。编号与 i18n/en/demo02.ftl 一一对应；两个文件的
# 编号或变量不一致时，测试（cargo test --bin sticky i18n）会失败。
# 术语以 docs/zh/glossary.md 为准：数据报、缓冲区。
#
# 一条消息写成缩进的几行，就打印成几行，第二行起对齐到标签（“服务端：”）
# 后面的文字：这样每行都不超过 80 列。

bound = 服务端：已绑定 { $addr }（没有 listen，也没有 accept：UDP 没有连接）
# $n 右对齐，占五列，让字节数上下对齐。
sent = 客户端：sendto   { $n } 字节  { $bytes }
received = 服务端：recvfrom { $n } 字节  { $bytes }  { $verdict }
# 丢了字节的数据报：结论单独占一行。
received-cut =
    服务端：recvfrom { $n } 字节  { $bytes }
    { $verdict }
whole = 完整
truncated = 被截断：这个数据报有 { $had } 字节，其中 { $lost } 字节被丢弃
long = { $start }...（共 { $len } 字节）
# 在 Linux 以外的系统上，填满缓冲区的数据报可能原本更长：内核不说，
# 演示也就不说。
filled =
    填满了缓冲区：超过 { $kept } 字节的部分都被丢弃了，
    丢了多少只有 Linux 会说（MSG_TRUNC）
result =
    结果：{ $datagrams } 次 sendto，{ $datagrams } 次 recvfrom：{ $whole } 个数据报完整到达，
    没有任何两个粘在一起；{ $loss }
loss-counted = { $buf } 字节的缓冲区丢掉了 { $lost } 字节
loss-uncounted =
    有 { $n } 个填满了 { $buf } 字节的缓冲区，
    丢了多少字节，这个系统不报告（Linux 会报告）
serving = 服务端：正在监听 udp { $addr }（按 Ctrl-C 停止）
reply-failed = 客户端 { $to }：{ $error }
fixed-datagrams =
    客户端：向 { $addr } 发送六个固定的数据报
    （加 --stdin 就发送你自己输入的行）
# 补了空格，让回复和发出的数据报对齐。
reply = 客户端：回复     { $text }
no-reply = 客户端：2 秒内没有回复（丢了，或者 { $addr } 上没有服务端）
