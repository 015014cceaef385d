/*
 * calcul.h : le protocole de la calculatrice (TP 1), partagé par le client et le serveur.
 *
 * Une seule file, de clé ftok(CHEMIN, CLE_ID). Les requêtes portent l'étiquette TYPE_URGENT
 * ou TYPE_NORMAL ; le serveur lit avec le type -TYPE_NORMAL pour servir les urgentes d'abord.
 * Chaque réponse porte comme étiquette le pid du client, qui ne lit que la sienne.
 * Les messages ne contiennent aucun pointeur : ils sont copiés d'un processus à l'autre.
 */
#ifndef CALCUL_H
#define CALCUL_H

#include <sys/types.h>

#define CLE_ID 'M'

#define TYPE_URGENT 1L
#define TYPE_NORMAL 2L

/*
 * Opérateur de la requête d'arrêt (« client CHEMIN stop ») : le serveur ne répond pas. Un
 * caractère qu'on ne tape pas (DEL) : « client CHEMIN 1 q 2 » reste un opérateur inconnu.
 */
#define OP_ARRET '\x7f'

struct requete {
	long mtype; /* TYPE_URGENT ou TYPE_NORMAL */
	pid_t pid;  /* pid du client : l'étiquette de la réponse */
	char op;    /* '+', '-', 'x' (ou '*'), '/', '%', ou OP_ARRET */
	long a;
	long b;
};

/* Codes de statut d'une réponse. */
enum statut {
	STATUT_OK = 0,
	STATUT_DIVISION_PAR_ZERO = 1,
	STATUT_DEBORDEMENT = 2,
	STATUT_OPERATEUR_INCONNU = 3
};

struct reponse {
	long mtype;    /* le pid du client */
	int statut;    /* enum statut */
	long resultat; /* valable si statut == STATUT_OK */
};

#endif
