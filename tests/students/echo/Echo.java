// Echo server in Java, a thread per client. Usage: java Echo.java HOST PORT
// Stops when its standard input closes (the test harness closes it).
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

public class Echo {
    public static void main(String[] args) throws IOException {
        Thread watchdog = new Thread(() -> {
            try { while (System.in.read() != -1) { } } catch (IOException e) { }
            System.exit(0);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        ServerSocket server = new ServerSocket(Integer.parseInt(args[1]), 50, InetAddress.getByName(args[0]));
        System.out.println("listening on " + args[0] + ":" + server.getLocalPort());
        System.out.flush();
        while (true) {
            Socket client = server.accept();
            Thread t = new Thread(() -> serve(client));
            t.setDaemon(true);
            t.start();
        }
    }

    static void serve(Socket client) {
        try (Socket s = client) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[16384];
            int n;
            while ((n = in.read(buf)) != -1) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // this client is gone; the others go on
        }
    }
}
