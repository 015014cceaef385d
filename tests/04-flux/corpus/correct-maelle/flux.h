/*
 * flux.h : constantes et disposition partagées par les sous-commandes de flux (TP 4, faire
 * passer un gros volume d'un processus à un autre, par une file ou par un anneau).
 *
 * Deux transports du même flux d'octets, au choix de « flux creer » :
 *   - la file : des messages de BLOC_FILE octets au plus, puis un message vide de type
 *     TYPE_FIN ; msg_qbytes (octets en attente au plus) réglé par IPC_SET ;
 *   - l'anneau : un segment (l'en-tête, puis N cases de TAILLE octets) et un ensemble de
 *     3 sémaphores : MUTEX (à 1), VIDES (cases libres, à N), PLEINES (cases écrites, à 0).
 * Par l'anneau aussi, des enregistrements : plusieurs producteurs et consommateurs à la fois,
 * un enregistrement par case.
 */
#ifndef FLUX_H
#define FLUX_H

#include <stdint.h>

/* Identifiants passés à ftok(CHEMIN, id) : la file ; le segment et l'ensemble de l'anneau
 * (une même clé peut nommer un segment et un ensemble : ce sont deux espaces distincts). */
#define ID_FILE   'F'
#define ID_ANNEAU 'A'

/* La file : octets utiles d'un message (msgmax vaut 8192 par défaut), types des messages. */
#define BLOC_FILE    8192
#define TYPE_DONNEES 1
#define TYPE_FIN     2

/* msg_qbytes de « flux creer CHEMIN file [OCTETS] » : au moins un message plein. */
#define OCTETS_MIN    BLOC_FILE
#define OCTETS_MAX    (1L << 20)
#define OCTETS_DEFAUT 16384 /* msgmnb par défaut : permis sans privilège */

/* L'anneau : bornes de N (cases) et de TAILLE (octets d'une case), et du segment entier. */
#define CASES_MAX         1024
#define TAILLE_MAX        (1L << 20)
#define CASES_DEFAUT      8
#define TAILLE_DEFAUT     65536
#define ANNEAU_MAX_OCTETS (256L << 20) /* N × TAILLE au plus */

/* Les sémaphores de l'anneau, dans l'ensemble. */
enum { MUTEX, VIDES, PLEINES, NB_SEMS };

/*
 * En-tête du segment, suivi des N cases. Aucun pointeur : chaque processus attache le segment
 * à sa propre adresse. Des compteurs qui ne font que croître : la case d'un numéro k est
 * k % n. Le flux finit par une case incomplète (0 à TAILLE - 1 octets), que « derniere »
 * désigne.
 */
struct entete {
	uint32_t n;            /* nombre de cases */
	uint32_t taille;       /* octets d'une case */
	uint64_t ecrites;      /* cases écrites depuis la création */
	uint64_t lues;         /* cases lues depuis la création */
	uint64_t derniere;     /* 1 + numéro de la dernière case du flux ; 0 : le flux continue */
	uint32_t longueur_fin; /* octets utiles de cette dernière case */
	uint32_t reserve;      /* alignement : les cases commencent à un multiple de 8 */
};

/* Un enregistrement de « flux deposer » : une case chacun (TAILLE >= sa taille), écrit et lu
 * par memcpy (une case n'est alignée que si TAILLE l'est). */
struct enregistrement {
	uint32_t producteur; /* P de « flux deposer CHEMIN P K » */
	uint32_t numero;     /* 1 à K */
};
#define PRODUCTEUR_MAX        999
#define ENREGISTREMENTS_MAX   1000000 /* K au plus */
#define FORMAT_ENREGISTREMENT "producteur %u numero %u\n"

/* Lignes de « flux etat » (voir SUJETS.md). */
#define FORMAT_FILE      "file octets %lu max %lu messages %lu\n"
#define FORMAT_ANNEAU    "anneau cases %u taille %u ecrites %llu lues %llu\n"
#define FORMAT_SEMAPHORE "%s valeur %d attente %d zero %d\n"

#endif
