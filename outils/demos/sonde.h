/* sonde.h : lire quelques octets à une adresse quelconque sans risquer SIGSEGV, pour les
 * programmes des démos. write(2) dans un tube échoue avec EFAULT quand l'adresse n'est pas
 * lisible dans ce processus : le noyau vérifie l'adresse à notre place. */
#ifndef SONDE_H
#define SONDE_H

#include <ctype.h>
#include <err.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

/* Copie n octets de adresse dans copie ; faux si l'adresse n'est pas lisible ici. */
static inline bool lire_sans_risque(const void *adresse, char *copie, size_t n)
{
	int tube[2];
	bool ok;

	if (pipe(tube) == -1)
		err(1, "pipe");
	ok = write(tube[1], adresse, n) == (ssize_t)n && read(tube[0], copie, n) == (ssize_t)n;
	close(tube[0]);
	close(tube[1]);
	return ok;
}

/* Dit ce qu'on trouve, dans ce processus, à l'adresse qu'un autre processus a rangée. */
static inline void suivre(const char *qui, const void *adresse)
{
	char vu[16];

	if (!lire_sans_risque(adresse, vu, sizeof vu)) {
		printf(
		    "%s : à l'adresse %p, rien n'est projeté dans mon espace (EFAULT) : suivre ce "
		    "pointeur serait un SIGSEGV\n",
		    qui, adresse);
		return;
	}
	printf("%s : à l'adresse %p, je lis « ", qui, adresse);
	for (size_t i = 0; i < sizeof vu; i++)
		putchar(isprint((unsigned char)vu[i]) ? vu[i] : '.');
	printf(" » : des octets de mon propre espace, pas la donnée de l'autre\n");
}

#endif
