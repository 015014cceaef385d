/*
 * commun.h : petite bibliothèque partagée par les squelettes et les solutions.
 *
 * Elle ne contient rien de ce que les TP font apprendre : seulement les
 * conventions d'erreur (err(3)), l'analyse stricte des entiers, le calcul de
 * clé avec un message clair, et l'union semun que semctl(2) exige.
 */
#ifndef COMMUN_H
#define COMMUN_H

#include <stdbool.h>
#include <stdnoreturn.h>
#include <sys/types.h>
#include <sys/ipc.h>

/* Codes de sortie communs à tous les programmes des TP. */
enum {
	SORTIE_OK = 0,
	SORTIE_ECHEC = 1,   /* un appel a échoué, un objet manque */
	SORTIE_USAGE = 2,   /* arguments invalides : rien n'a été créé ni modifié */
	SORTIE_A_FAIRE = 99 /* squelette : partie non encore écrite */
};

/* semctl(2) : « le programme appelant doit définir cette union ». */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

/* Enregistre le synopsis affiché par usage(), ex. "CHEMIN A OP B [-u]". */
void usage_synopsis(const char *synopsis);

/* Affiche « prog : message » puis l'usage sur stderr, et quitte avec le code 2. */
noreturn void usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Analyse strictement un entier décimal dans [min, max] ; faux sinon. */
bool entier_strict(const char *texte, long min, long max, long *resultat);

/* Comme entier_strict, mais une valeur invalide appelle usage() en nommant l'argument. */
long argument_entier(const char *texte, long min, long max, const char *nom);

/* ftok(chemin, id) ; un fichier absent donne un message clair et le code 1. */
key_t cle_depuis_chemin(const char *chemin, int id);

/* Squelette : signale la partie manquante et quitte avec SORTIE_A_FAIRE. */
noreturn void a_faire(const char *quoi);

/* stdout ligne par ligne, même redirigée vers un fichier ou un tube. */
void sortie_par_ligne(void);

#endif
