/*
 * ftok-decale.c : un ftok(3) qui rend la vraie clé, bit bas de l'inode inversé (règle K4 du
 * TP 0). Chargé par LD_PRELOAD dans « cle », il fait que ses morceaux ne recomposent plus la
 * clé ; le correcteur l'inclut tel quel (Makefile, FTOK_DECALE) et l'écrit dans l'item.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <sys/ipc.h>

key_t ftok(const char *chemin, int id)
{
	key_t (*vrai)(const char *, int);
	key_t k;

	*(void **)&vrai = dlsym(RTLD_NEXT, "ftok");
	if (vrai == NULL)
		return (key_t)-1;
	k = vrai(chemin, id);
	return k == (key_t)-1 ? k : k ^ 1;
}
