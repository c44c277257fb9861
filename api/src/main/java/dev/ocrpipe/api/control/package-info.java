/**
 * Changing jobs on a client's request: cancel, retry of failed pages and delete, each a
 * conditional update so concurrent requests cannot both win, and the events these changes write
 * by the shared protocol ({@code EventJournal}).
 */
package dev.ocrpipe.api.control;
