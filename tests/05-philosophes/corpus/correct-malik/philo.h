/*
 * philo.h : constantes partagées par les sous-commandes de philo (TP 5, le dîner des philosophes).
 *
 * La table est un ensemble de N + 1 sémaphores : les N fourchettes (numéros 0 à N - 1, à 1
 * quand elles sont libres) et le portier (numéro N, à N - 1 : au plus N - 1 philosophes à table).
 * Le philosophe I mange avec sa fourchette gauche, I, et sa fourchette droite, (I + 1) % N.
 */
#ifndef PHILO_H
#define PHILO_H

/* Identifiant passé à ftok(CHEMIN, id) pour l'ensemble de la table. */
#define ID_TABLE 'P'

/* Bornes de N : deux fourchettes au moins pour un dîner ; 32 garde « philo etat » lisible. */
#define PHILO_MIN 2
#define PHILO_MAX 32

/* Borne de R, le nombre de repas d'un philosophe. */
#define REPAS_MAX 1000000

/* Lignes de « philo etat » : une par fourchette, puis celle du portier (voir SUJETS.md). */
#define FORMAT_FOURCHETTE "fourchette %d valeur %d attente %d pid %d\n"
#define FORMAT_PORTIER    "portier valeur %d attente %d\n"

/* Où le philosophe appelle point_de_pause() : entre ses deux semop (naif, portier), ou en
 * mangeant, ses deux fourchettes en main (toutes les versions). */
enum moment { ENTRE_FOURCHETTES, EN_MANGEANT };

/*
 * Point de pause (donné, voir SUJETS.md) : ne fait rien, sauf si la variable d'environnement
 * PHILO_PAUSE nomme ce moment (« entre-fourchettes » ou « mange ») : le philosophe s'arrête
 * alors lui-même par SIGSTOP (kill -CONT PID le relance). PHILO_PAUSE=NN (millisecondes) le
 * fait manger NN ms.
 */
void point_de_pause(enum moment m);

#endif
