/*
 * cle.c : la clé System V d'un fichier et d'un identifiant, et ce dont elle est faite (TP 0).
 *
 *   cle CHEMIN ID        ID : un entier de 1 à 255, ou un seul caractère (M vaut 77)
 *
 * Affiche la clé de ftok(CHEMIN, ID) comme ipcs l'écrit, puis ses trois morceaux : l'octet de
 * l'identifiant, l'octet bas du numéro de périphérique et les 16 bits bas du numéro d'inode.
 * Deux processus sans lien de parenté qui donnent le même fichier et le même identifiant
 * obtiennent la même clé, donc le même objet IPC.
 */
#include "cles.h"
#include "commun.h"

#include <ctype.h>
#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

/* ID : un entier entre ID_MIN et ID_MAX, ou un seul caractère (son code, de 1 à 255) ;
 * sinon usage(). */
static int lire_id(const char *texte)
{
	unsigned char c = (unsigned char)texte[0];

	if (c != '\0' && texte[1] == '\0' && !isdigit(c))
		return c;
	return (int)argument_entier(texte, ID_MIN, ID_MAX, "ID");
}

/* ftok(chemin, id) ; *st reçoit l'état du fichier. Un fichier absent : message et code 1. */
static key_t calculer_cle(const char *chemin, int id, struct stat *st)
{
	/*
	 * À FAIRE (étape 1) : lire l'état du fichier avec stat(2) dans *st ; en cas d'échec
	 * (fichier absent...), err(SORTIE_ECHEC, ...) en nommant le fichier. Puis calculer la clé
	 * avec ftok(3) et la renvoyer ; ftok renvoie (key_t)-1 en cas d'échec : err() aussi.
	 */
	key_t k;

	if (stat(chemin, st) == -1)
		err(SORTIE_ECHEC, "fichier clé « %s »", chemin);
	k = ftok(chemin, id);
	if (k == (key_t)-1)
		err(SORTIE_ECHEC, "ftok « %s »", chemin);
	return k;
}

/* Affiche les trois morceaux de la clé et vérifie qu'ils la recomposent. */
static void expliquer(key_t cle, const struct stat *st, int id)
{
	/*
	 * À FAIRE (étape 2) : extraire de id, st->st_dev et st->st_ino les morceaux que ftok
	 * garde (voir SUJETS.md : 8, 8 et 16 bits de poids faible), les afficher avec
	 * FORMAT_COMPOSITION (cles.h), puis les recomposer par décalages et OU binaires : si le
	 * résultat diffère de cle, errx(SORTIE_ECHEC, ...) en donnant les deux valeurs.
	 */
	unsigned octet_id = (unsigned)id & 0xff;
	unsigned octet_dev = (unsigned)(st->st_dev & 0xff);
	unsigned mot_ino = (unsigned)(st->st_ino & 0xffff);
	unsigned refait;

	printf(FORMAT_COMPOSITION, octet_id, id, octet_dev, (uintmax_t)st->st_dev, mot_ino,
	       (uintmax_t)st->st_ino);
	refait = (octet_id << 24) | (octet_dev << 16) | mot_ino;
	if (refait != (unsigned)cle)
		errx(SORTIE_ECHEC, "recomposition 0x%08x différente de la clé 0x%08x", refait,
		     (unsigned)cle);
}

int main(int argc, char *argv[])
{
	struct stat st;
	key_t cle;
	int id;

	sortie_par_ligne();
	usage_synopsis("CHEMIN ID        (ID : entier de 1 à 255, ou un caractère, ex. M)");
	if (argc != 3)
		usage("deux arguments attendus : le fichier clé et l'identifiant");
	id = lire_id(argv[2]);
	cle = calculer_cle(argv[1], id, &st);
	printf(FORMAT_CLE, (unsigned)cle);
	expliquer(cle, &st, id);
	return SORTIE_OK;
}
