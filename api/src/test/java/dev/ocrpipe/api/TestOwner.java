package dev.ocrpipe.api;

import java.util.concurrent.atomic.AtomicReference;

import org.springframework.context.annotation.Primary;

import dev.ocrpipe.api.system.CurrentOwner;

/**
 * A switchable owner for tests of owner isolation: requests run on server threads, so the owner
 * is one shared value, set by a test and reset after each one.
 */
@Primary
public class TestOwner implements CurrentOwner {

	private final AtomicReference<String> owner = new AtomicReference<>(IntegrationTestBase.OWNER);

	@Override
	public String id() {
		return this.owner.get();
	}

	private final java.util.concurrent.atomic.AtomicBoolean admin = new java.util.concurrent.atomic.AtomicBoolean();

	@Override
	public boolean admin() {
		return this.admin.get();
	}

	public void admin(boolean admin) {
		this.admin.set(admin);
	}

	public void set(String owner) {
		this.owner.set(owner);
	}

	public void reset() {
		this.owner.set(IntegrationTestBase.OWNER);
		this.admin.set(false);
	}

}
