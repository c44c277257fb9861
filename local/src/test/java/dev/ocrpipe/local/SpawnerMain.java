package dev.ocrpipe.local;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A child program for {@link ChildJvmIT} that starts a {@link MarkerMain} grandchild and prints its
 * pid, so the test can kill this parent with SIGKILL and watch the grandchild follow.
 */
public final class SpawnerMain {

	private SpawnerMain() {
	}

	public static void main(String[] args) throws Exception {
		ChildJvm grandchild = ChildJvm.mainClass(MarkerMain.class.getName()).args(args[0]).start();
		System.out.println("grandchild=" + grandchild.pid());
		new CountDownLatch(1).await();
	}

}
