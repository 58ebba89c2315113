"""The offer saga: freed slots held for the first in line, accepted, declined or expired."""
