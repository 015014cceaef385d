/* commun.c : conventions d'erreur, d'arguments et de clés des programmes des TP. */
#define _GNU_SOURCE
#include "commun.h"

#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static const char *synopsis_courant = "";

void usage_synopsis(const char *synopsis)
{
	synopsis_courant = synopsis;
}

void usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
	fprintf(stderr, "usage : %s %s\n", program_invocation_short_name, synopsis_courant);
	exit(SORTIE_USAGE);
}

bool entier_strict(const char *texte, long min, long max, long *resultat)
{
	char *fin;
	long v;

	errno = 0;
	v = strtol(texte, &fin, 10);
	if (errno != 0 || fin == texte || *fin != '\0' || v < min || v > max)
		return false;
	*resultat = v;
	return true;
}

long argument_entier(const char *texte, long min, long max, const char *nom)
{
	long v;

	if (!entier_strict(texte, min, max, &v))
		usage("%s invalide : « %s » (entier attendu entre %ld et %ld)", nom, texte, min,
		      max);
	return v;
}

key_t cle_depuis_chemin(const char *chemin, int id)
{
	struct stat st;
	key_t cle;

	/* ftok ne dit pas quel fichier manque : on le vérifie d'abord pour le nommer. */
	if (stat(chemin, &st) == -1)
		err(SORTIE_ECHEC, "fichier clé « %s » inaccessible", chemin);
	cle = ftok(chemin, id);
	if (cle == -1)
		err(SORTIE_ECHEC, "ftok(« %s », '%c')", chemin, id);
	return cle;
}

void a_faire(const char *quoi)
{
	errx(SORTIE_A_FAIRE, "À FAIRE : %s (voir SUJETS.md)", quoi);
}

void sortie_par_ligne(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}
