/*
 * tableau.h : le tableau partagé du TP 2 (donné, complet).
 *
 * Un segment de mémoire partagée contient un tableau de compteurs et leur total ; un ensemble
 * d'un seul sémaphore en protège l'accès. Invariant : total vaut la somme des cases, à tout
 * moment où un processus qui détient le sémaphore peut regarder.
 */
#ifndef TABLEAU_H
#define TABLEAU_H

/* Identifiants passés à ftok(CHEMIN, id) : un pour le segment, un pour les sémaphores. */
#define ID_SEGMENT    'T'
#define ID_SEMAPHORES 'S'

/* Bornes des arguments de la ligne de commande. */
#define TABLEAU_MAX     256     /* nombre maximal de cases */
#define VALEUR_MAX      1000000 /* |V| pour ajouter */
#define REPETITIONS_MAX 1000000 /* R pour ajouter */

/*
 * Disposition du segment. Aucun pointeur : chaque processus attache le segment à une adresse
 * différente, un pointeur rangé par l'un ne désignerait rien de sensé chez les autres.
 * La taille du segment dépend donc de n : l'en-tête, puis n cases.
 */
struct tableau {
	long n;       /* nombre de cases, fixé par creer */
	long total;   /* somme des cases */
	long cases[]; /* n cases (membre flexible : sizeof(struct tableau) ne les compte pas) */
};

/*
 * Point de pause, à appeler en section critique (voir SUJETS.md) : ne fait rien, sauf si la
 * variable d'environnement TABLEAU_PAUSE vaut « arret » (le processus s'arrête lui-même par
 * SIGSTOP ; kill -CONT PID le relance) ou un nombre de millisecondes (il dort autant).
 */
void point_de_pause(void);

#endif
