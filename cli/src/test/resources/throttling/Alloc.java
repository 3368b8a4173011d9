// Allocates hard forever so the GC runs often: the JVM workload of DiagnoseThrottlingKernelTest.
public class Alloc {
    static Object[] keep = new Object[4096];

    public static void main(String[] args) {
        for (long i = 0; ; i++) {
            keep[(int) (i & 4095)] = new byte[1024 + (int) (i % 8192)];
        }
    }
}
