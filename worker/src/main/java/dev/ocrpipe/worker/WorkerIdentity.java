package dev.ocrpipe.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Who this worker process is: the configured instance id plus a per-start suffix, recorded on the
 * pages it holds so a redelivered page can tell a dead holder from a live duplicate.
 */
@Component
public class WorkerIdentity {

	private final String name;

	private final String incarnation;

	WorkerIdentity(WorkerProperties properties) {
		this.name = properties.instanceId().isBlank() ? hostName() : properties.instanceId();
		this.incarnation = this.name + "#" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** The configured instance id (or the host name). */
	public String name() {
		return this.name;
	}

	/** The instance id of this start of the process. */
	public String incarnation() {
		return this.incarnation;
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "worker";
		}
	}

}
