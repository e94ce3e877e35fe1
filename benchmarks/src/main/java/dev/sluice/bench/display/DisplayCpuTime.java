package dev.sluice.bench.display;

import dev.sluice.display.Dither;
import dev.sluice.display.Gamma;
import dev.sluice.display.Palette;
import dev.sluice.display.Quantizer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Figures that a shared, overloaded machine does not distort as much as wall time: CPU time per
 * render (the whole process, so JIT and GC threads count against it) and Floyd–Steinberg Mpx per
 * CPU-second of the dithering thread; plus wall-clock renders per second with two threads.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar is JMH; run this one with
 * java -cp benchmarks/target/benchmarks.jar dev.sluice.bench.display.DisplayCpuTime [renders]</pre>
 */
public final class DisplayCpuTime {
  private DisplayCpuTime() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    DisplayBench b = new DisplayBench();
    b.setUp();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try {
      for (String panel : new String[] {"epd-7in5", "spd1656"}) {
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < n + 10; i++) {
          long c0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          if (panel.equals("epd-7in5")) {
            b.dashboardEpd7in5();
          } else {
            b.dashboardSpd1656();
          }
          if (i >= 10) {
            wall.add((System.nanoTime() - t0) / 1e6);
            cpu.add((os.getProcessCpuTime() - c0) / 1e6);
          }
        }
        System.out.printf("dashboard %-9s median wall %.1f ms, median process CPU %.1f ms per render (%d renders after 10 warm-up)%n",
            panel, median(wall), median(cpu), n);
      }
      int[][] frame = new int[480][800];
      Random r = new Random(1);
      for (int[] line : frame) {
        for (int x = 0; x < 800; x++) {
          line[x] = r.nextInt(0x1000000);
        }
      }
      int[] out = new int[800];
      for (Palette p : new Palette[] {Palette.BLACK_WHITE, Palette.ACEP7}) {
        List<Double> mpx = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          long c0 = threads.getCurrentThreadCpuTime();
          Quantizer q = Quantizer.forPalette(800, p, Dither.FLOYD_STEINBERG, Gamma.LWS);
          for (int[] line : frame) {
            q.line(line, out);
          }
          long c = threads.getCurrentThreadCpuTime() - c0;
          if (i >= 100 && c > 0) {
            mpx.add(800 * 480 / (c / 1e3));
          }
        }
        System.out.printf("Floyd-Steinberg %d colours: median %.0f Mpx per CPU-second%n", p.size(), median(mpx));
      }
      // two threads rendering the dashboard at epd-7in5 for 20 s
      AtomicInteger done = new AtomicInteger();
      long end = System.nanoTime() + 20_000_000_000L;
      CountDownLatch latch = new CountDownLatch(2);
      for (int t = 0; t < 2; t++) {
        new Thread(() -> {
          while (System.nanoTime() < end) {
            b.dashboardEpd7in5();
            done.incrementAndGet();
          }
          latch.countDown();
        }).start();
      }
      latch.await();
      System.out.printf("2 threads: %.1f renders/s (dashboard, epd-7in5, 20 s)%n", done.get() / 20.0);
    } finally {
      b.tearDown();
    }
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
