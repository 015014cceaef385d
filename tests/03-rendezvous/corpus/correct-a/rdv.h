/*
 * rdv.h : constantes partagées par toutes les sous-commandes de rdv (TP 3, rendez-vous).
 *
 * Les clés viennent de ftok(CHEMIN, id) : tous les participants d'un même rendez-vous
 * donnent le même fichier clé et obtiennent donc le même ensemble de sémaphores.
 */
#ifndef RDV_H
#define RDV_H

/* Identifiant ftok de l'ensemble d'un sémaphore du rendez-vous (creer, attendre, etat, detruire). */
#define ID_RDV 'R'

/* Identifiant ftok de l'ensemble de deux sémaphores de la barrière réutilisable (tours). */
#define ID_TOURS 'B'

/* Plus grande valeur d'un sémaphore (SEMVMX sous Linux) : borne de N pour creer. */
#define RDV_MAX 32767

/* Bornes des sous-commandes bonus, qui créent un processus par participant. */
#define RDV_MAX_GROUPE 64
#define RDV_MAX_TOURS  1000

/* groupe : chaque participant arrive après un délai tiré au hasard dans [0, RDV_DELAI_MAX_MS]. */
#define RDV_DELAI_MAX_MS 600

/* tours : petit délai aléatoire avant chaque arrivée, pour mélanger les participants. */
#define RDV_ALEA_TOUR_MS 5

/* Format de la ligne de « rdv etat » (voir SUJETS.md) : valeur, GETZCNT, GETNCNT. */
#define FORMAT_ETAT "valeur %d attente-zero %d attente-decrement %d\n"

#endif
