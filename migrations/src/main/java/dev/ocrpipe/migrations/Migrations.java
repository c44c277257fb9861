package dev.ocrpipe.migrations;

import dev.ocrpipe.common.store.Collections;

/**
 * The settings both apps give Mongock, so that api and worker share one change log, one lock and
 * one list of change units.
 */
public final class Migrations {

	/** The package Mongock scans for change units. */
	public static final String PACKAGE = Migrations.class.getPackageName();

	/** Mongock's change log: one document per applied change unit. */
	public static final String CHANGE_LOG = Collections.MIGRATIONS;

	/** Mongock's lock document: only one starting instance applies migrations at a time. */
	public static final String LOCK = Collections.MIGRATIONS_LOCK;

	private Migrations() {
	}

}
